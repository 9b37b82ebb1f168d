"""The starting lists for lived experience and interests. Staff extend them in the admin."""

from __future__ import annotations

EXPERIENCE = {
    "condition": [
        "Arthritis or joint pain",
        "Asthma or COPD",
        "Autism",
        "Cancer",
        "Chronic pain",
        "Dementia",
        "Diabetes",
        "Epilepsy",
        "Hearing loss",
        "Heart disease",
        "HIV",
        "Kidney disease",
        "Learning disability",
        "Long COVID",
        "Mental health condition",
        "Multiple sclerosis",
        "Obesity",
        "Parkinson's",
        "Sickle cell disease",
        "Sight loss",
        "Stroke",
        "Substance use",
    ],
    "caring": [
        "Caring for a child with additional needs",
        "Caring for an older relative",
        "Caring for someone with a mental health condition",
        "Caring for someone with dementia",
        "Young carer",
    ],
    "service": [
        "Social care at home",
        "Care home",
        "Hospital stays",
        "Maternity services",
        "Mental health services",
        "GP and community services",
        "Hospice and end of life care",
        "Emergency care",
    ],
}

TOPICS = {
    "topic": [
        "Ageing well",
        "Cancer care",
        "Children and young people's health",
        "Dementia care",
        "Digital health",
        "Heart and circulation",
        "Long-term conditions",
        "Maternity",
        "Medicines",
        "Mental health",
        "Public health",
        "Social care",
    ],
    "improvement": [
        "Reaching people who are seldom heard",
        "Fair payment and support",
        "Training and learning",
        "Showing what difference involvement makes",
        "Working with community partners",
    ],
}
