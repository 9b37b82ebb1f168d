"""The demo's named people: who they are, how they like to be contacted, what they need.

Invented for the demo; any likeness to a real person is chance. ``people/demo.py`` adds them,
with a seeded crowd around them, and the later layers' demos give them a part in the story.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from alongside.people.choices import AccessNeed, ConsentPurpose, HowGiven

SAM_EMAIL = "sam@public.example"
LLYR_EMAIL = "llyr@public.example"
PURPOSES = (
    ConsentPurpose.CONTACT,
    ConsentPurpose.FINDABLE,
    ConsentPurpose.EQUALITY,
    ConsentPurpose.NEWSLETTER,
)
STAFF_OF = {"northbridge": "involvement@northbridge.example", "riverside": "involvement@riverside.example"}


@dataclass
class Person:
    """One contributor as the story needs them; ``org`` None means they joined online."""

    key: str
    first_name: str
    last_name: str
    org: str | None
    how: str
    joined: int  # days ago
    fields: dict
    interests: list[str] = field(default_factory=list)
    experience: list[str] = field(default_factory=list)
    consents: dict = field(default_factory=dict)
    withdraw: dict = field(default_factory=dict)  # purpose -> days ago
    equality: dict | None = None
    status: tuple[str, int, str] | None = None  # (status, days ago, reason)


def _everything(**withdrawn) -> dict:
    return dict.fromkeys(PURPOSES, True) | withdrawn


CAST = [
    Person(
        "sam", "Sam", "Taylor", None, HowGiven.ONLINE, 240,
        {"email": SAM_EMAIL, "mobile": "+447700900101", "address_line_1": "14 Albert Road",
         "town": "Manchester", "postcode": "M13 9PB", "preferred_channels": ["email", "text"],
         "access_needs": [AccessNeed.STEP_FREE], "languages": ["English"], "device": "smartphone",
         "internet": "good", "digital_confidence": "very", "available_days": ["tue", "thu"],
         "available_times": ["evening"], "online": True, "by_phone": True, "in_person": True,
         "travel_miles": 10},
        ["Long-term conditions", "Digital health", "Heart and circulation"],
        ["Asthma or COPD", "Caring for an older relative"],
        _everything(),
        equality={"year_of_birth": 1981, "sex": "female", "gender_same_as_sex": "yes",
                  "ethnic_group": "white_british", "disability": "no"},
    ),
    Person(
        "llyr", "Llŷr", "Pritchard", None, HowGiven.ONLINE, 210,
        {"email": LLYR_EMAIL, "mobile": "+447700900102", "address_line_1": "7 Ffordd Tŷ Gwyn",
         "town": "Wrexham", "postcode": "LL11 2SR", "preferred_channels": ["text", "email"],
         "languages": ["Welsh", "English"], "device": "tablet", "internet": "good",
         "digital_confidence": "some", "available_days": ["mon", "wed", "fri"],
         "available_times": ["morning", "afternoon"], "online": True, "in_person": True,
         "travel_miles": 25},
        ["Long-term conditions", "Ageing well"], ["Stroke"],
        _everything(),
        equality={"year_of_birth": 1958, "sex": "male", "gender_same_as_sex": "yes",
                  "ethnic_group": "white_british", "disability": "yes"},
    ),
    Person(
        "margaret", "Margaret", "Jones", "northbridge", HowGiven.PHONE, 380,
        {"landline": "+441614960201", "address_line_1": "22 Grove Terrace", "town": "Stockport",
         "postcode": "SK4 3DL", "preferred_channels": ["letter", "phone"],
         "access_needs": [AccessNeed.LARGE_PRINT, AccessNeed.HEARING_LOOP], "languages": ["English"],
         "device": "none", "internet": "none", "digital_confidence": "not", "wants_digital_buddy": True,
         "available_days": ["tue", "wed"], "available_times": ["morning"], "by_phone": True,
         "in_person": True, "travel_miles": 5, "times_not_to_call": "Not before 10am, please"},
        ["Ageing well", "Long-term conditions"], ["Asthma or COPD", "Hearing loss"],
        _everything(findable=False),
        equality={"year_of_birth": 1947, "sex": "female", "gender_same_as_sex": "yes",
                  "ethnic_group": "white_british", "disability": "yes"},
    ),
    Person(
        "derek", "Derek", "Holt", "northbridge", HowGiven.PAPER, 330,
        {"mobile": "+447700900103", "landline": "+441614960202", "address_line_1": "3 Hollin Lane",
         "town": "Bolton", "postcode": "BL3 4HW", "preferred_channels": ["phone", "letter"],
         "languages": ["English"], "device": "smartphone", "internet": "limited",
         "digital_confidence": "some", "available_days": ["mon", "tue", "wed", "thu", "fri"],
         "available_times": ["morning", "afternoon"], "by_phone": True, "in_person": True,
         "travel_miles": 15},
        ["Long-term conditions"], ["Asthma or COPD"],
        _everything(findable=False, newsletter=False),
        equality={"year_of_birth": 1952, "sex": "male", "gender_same_as_sex": "yes",
                  "ethnic_group": "white_british", "disability": "yes"},
    ),
    Person(
        "amina", "Amina", "Yusuf", "northbridge", HowGiven.IN_PERSON, 300,
        {"email": "amina.yusuf@example.org", "mobile": "+447700900104", "address_line_1": "41 Moss Lane",
         "town": "Manchester", "postcode": "M20 6TQ", "preferred_channels": ["text", "email"],
         "access_needs": [AccessNeed.BREAKS], "languages": ["English", "Somali"], "device": "smartphone",
         "internet": "limited", "digital_confidence": "some", "available_days": ["wed", "sat"],
         "available_times": ["morning"], "online": True, "in_person": True, "travel_miles": 5},
        ["Mental health", "Maternity", "Long-term conditions"], ["Asthma or COPD", "Maternity services"],
        _everything(),
        equality={"year_of_birth": 1986, "sex": "female", "gender_same_as_sex": "yes",
                  "ethnic_group": "black_african", "disability": "no"},
    ),
    Person(
        "patrick", "Patrick", "O'Neill", None, HowGiven.ONLINE, 260,
        {"email": "patrick.oneill@example.net", "address_line_1": "9 Kingsway", "town": "Stockport",
         "postcode": "SK2 6NU", "preferred_channels": ["email"], "languages": ["English"],
         "device": "computer", "internet": "good", "digital_confidence": "very",
         "available_days": ["mon", "thu"], "available_times": ["afternoon"], "online": True,
         "in_person": True, "travel_miles": 15},
        ["Long-term conditions", "Working with community partners"],
        ["Asthma or COPD", "Caring for someone with dementia"],
        _everything(),
        equality={"year_of_birth": 1960, "sex": "male", "gender_same_as_sex": "yes",
                  "ethnic_group": "white_irish", "disability": "no"},
    ),
    Person(
        "grace", "Grace", "Boateng", None, HowGiven.ONLINE, 220,
        {"email": "grace.boateng@example.org", "mobile": "+447700900105", "address_line_1": "5 Brook Street",
         "town": "Preston", "postcode": "PR1 2XT", "preferred_channels": ["email", "text"],
         "access_needs": [AccessNeed.BSL], "languages": ["British Sign Language", "English"],
         "device": "smartphone", "internet": "good", "digital_confidence": "very",
         "available_days": ["tue", "wed", "thu"], "available_times": ["afternoon", "evening"],
         "online": True, "in_person": True, "travel_miles": 20},
        ["Long-term conditions", "Reaching people who are seldom heard"], ["Stroke", "Hearing loss"],
        _everything(),
        equality={"year_of_birth": 1990, "sex": "female", "gender_same_as_sex": "yes",
                  "ethnic_group": "black_african", "disability": "yes"},
    ),
    Person(
        "hywel", "Hywel", "ap Dafydd", "northbridge", HowGiven.PAPER, 280,
        {"landline": "+442920180301", "address_line_1": "2 Lôn y Wylan", "town": "Bangor",
         "postcode": "LL57 2DG", "preferred_channels": ["letter", "phone"], "languages": ["Welsh", "English"],
         "device": "none", "internet": "none", "digital_confidence": "not", "available_days": ["mon", "fri"],
         "available_times": ["afternoon"], "by_phone": True, "in_person": True, "travel_miles": 30},
        ["Dementia care", "Ageing well"], ["Caring for someone with dementia"],
        _everything(findable=False),
        equality={"year_of_birth": 1949, "sex": "male", "gender_same_as_sex": "yes",
                  "ethnic_group": "white_british", "disability": "no"},
    ),
    Person(
        "farzana", "Farzana", "Begum", "northbridge", HowGiven.IN_PERSON, 250,
        {"mobile": "+447700900106", "address_line_1": "18 Chapel Lane", "town": "Oldham",
         "postcode": "OL1 3BW", "preferred_channels": ["phone", "text"],
         "access_needs": [AccessNeed.INTERPRETER], "languages": ["Bengali", "English"],
         "device": "smartphone", "internet": "limited", "digital_confidence": "not",
         "available_days": ["tue", "wed"], "available_times": ["morning"], "by_phone": True,
         "in_person": True, "travel_miles": 5, "access_needs_other": "A Sylheti interpreter, please."},
        ["Children and young people's health", "Maternity"], ["Caring for a child with additional needs"],
        _everything(findable=False),
        equality={"year_of_birth": 1984, "sex": "female", "gender_same_as_sex": "yes",
                  "ethnic_group": "asian_bangladeshi", "disability": "no"},
    ),
    Person(
        "tomasz", "Tomasz", "Nowak", None, HowGiven.ONLINE, 190,
        {"email": "tomasz.nowak@example.com", "mobile": "+447700900107", "address_line_1": "27 Mill Lane",
         "town": "Bolton", "postcode": "BL1 8QE", "preferred_channels": ["email"],
         "languages": ["Polish", "English"], "device": "computer", "internet": "good",
         "digital_confidence": "very", "available_days": ["sat"], "available_times": ["morning"],
         "online": True, "in_person": True, "travel_miles": 10},
        ["Long-term conditions", "Digital health"], ["Asthma or COPD"],
        _everything(),
        equality={"year_of_birth": 1988, "sex": "male", "gender_same_as_sex": "yes",
                  "ethnic_group": "white_other", "disability": "no"},
    ),
    Person(
        "jade", "Jade", "Hargreaves", None, HowGiven.ONLINE, 170,
        {"email": "jade.hargreaves@example.org", "mobile": "+447700900108",
         "address_line_1": "60 Park Avenue", "town": "Wigan", "postcode": "WN5 9LA",
         "preferred_channels": ["text", "email"],
         "languages": ["English"], "device": "smartphone", "internet": "good", "digital_confidence": "very",
         "available_days": ["mon", "wed"], "available_times": ["evening"], "online": True,
         "in_person": True, "travel_miles": 10},
        ["Heart and circulation", "Long-term conditions"], ["Stroke", "Caring for an older relative"],
        _everything(),
        equality={"year_of_birth": 1995, "sex": "female", "gender_same_as_sex": "yes",
                  "ethnic_group": "white_british", "disability": "no"},
    ),
    Person(
        "gary", "Gary", "Whitworth", "northbridge", HowGiven.PHONE, 200,
        {"email": "gary.whitworth@example.com", "landline": "+441614960203", "address_line_1": "11 Oak Bank",
         "town": "Oldham", "postcode": "OL8 2JY", "preferred_channels": ["email", "phone"],
         "languages": ["English"], "device": "computer", "internet": "good", "digital_confidence": "some",
         "available_days": ["thu"], "available_times": ["morning"], "in_person": True, "travel_miles": 10},
        ["Heart and circulation"], ["Stroke"],
        _everything(),
        equality={"year_of_birth": 1957, "sex": "male", "gender_same_as_sex": "yes",
                  "ethnic_group": "white_british", "disability": "yes"},
    ),
    Person(
        "ruth", "Ruth", "Lomax", None, HowGiven.ONLINE, 180,
        {"email": "ruth.lomax@example.net", "address_line_1": "8 Beech Close", "town": "Warrington",
         "postcode": "WA2 7PG", "preferred_channels": ["email"], "languages": ["English"],
         "device": "computer", "internet": "good", "digital_confidence": "very", "available_days": ["fri"],
         "available_times": ["afternoon"], "online": True, "travel_miles": 5},
        ["Dementia care", "Social care"], ["Caring for someone with dementia"],
        _everything(),
        equality={"year_of_birth": 1972, "sex": "female", "gender_same_as_sex": "yes",
                  "ethnic_group": "white_british", "disability": "no"},
    ),
    Person(
        "neil", "Neil", "Crompton", "northbridge", HowGiven.PAPER, 320,
        {"email": "neil.crompton@example.com", "landline": "+441614960204",
         "address_line_1": "34 Wellington Road", "town": "Bolton", "postcode": "BL3 6TE",
         "preferred_channels": ["letter", "email"], "languages": ["English"], "device": "tablet",
         "internet": "good", "digital_confidence": "some", "available_days": ["mon", "tue"],
         "available_times": ["morning"], "in_person": True, "online": True, "travel_miles": 10},
        ["Long-term conditions", "Ageing well"], ["Asthma or COPD", "Arthritis or joint pain"],
        _everything(),
        equality={"year_of_birth": 1950, "sex": "male", "gender_same_as_sex": "yes",
                  "ethnic_group": "white_british", "disability": "yes"},
    ),
    Person(
        "chiamaka", "Chiamaka", "Nwosu", None, HowGiven.ONLINE, 230,
        {"email": "chiamaka.nwosu@example.org", "mobile": "+447700900109",
         "address_line_1": "12 Queens Drive", "town": "Liverpool", "postcode": "L15 4HX",
         "preferred_channels": ["email", "text"],
         "languages": ["English", "Igbo"], "device": "smartphone", "internet": "good",
         "digital_confidence": "very", "available_days": ["tue", "sat"], "available_times": ["morning"],
         "online": True, "in_person": True, "travel_miles": 25},
        ["Long-term conditions", "Heart and circulation"], ["Asthma or COPD", "Sickle cell disease"],
        _everything(),
        equality={"year_of_birth": 1976, "sex": "female", "gender_same_as_sex": "yes",
                  "ethnic_group": "black_african", "disability": "no"},
    ),
    Person(
        "comfort", "Comfort", "Asante", "riverside", HowGiven.PHONE, 260,
        {"mobile": "+447700900110", "landline": "+442079460101", "address_line_1": "70 Victoria Street",
         "town": "London", "postcode": "E15 2RU", "preferred_channels": ["phone", "text"],
         "languages": ["English", "Twi"], "device": "smartphone", "internet": "limited",
         "digital_confidence": "some", "available_days": ["wed"], "available_times": ["afternoon"],
         "by_phone": True, "in_person": True, "travel_miles": 5},
        ["Long-term conditions", "Public health"], ["Sickle cell disease", "Emergency care"],
        _everything(),
        equality={"year_of_birth": 1992, "sex": "female", "gender_same_as_sex": "yes",
                  "ethnic_group": "black_african", "disability": "yes"},
    ),
    Person(
        "delroy", "Delroy", "Grant", "riverside", HowGiven.IN_PERSON, 240,
        {"email": "delroy.grant@example.com", "mobile": "+447700900111", "address_line_1": "3 Church Street",
         "town": "London", "postcode": "SE15 4QN", "preferred_channels": ["text", "email"],
         "languages": ["English"], "device": "smartphone", "internet": "good", "digital_confidence": "very",
         "available_days": ["sat"], "available_times": ["morning", "afternoon"], "online": True,
         "in_person": True, "travel_miles": 10},
        ["Long-term conditions", "Reaching people who are seldom heard"], ["Sickle cell disease"],
        _everything(),
        equality={"year_of_birth": 1983, "sex": "male", "gender_same_as_sex": "yes",
                  "ethnic_group": "black_caribbean", "disability": "yes"},
    ),
    # The same person twice, from a paper form and later a phone call: staff can merge them.
    Person(
        "pat", "Pat", "Mullins", "northbridge", HowGiven.PAPER, 400,
        {"landline": "+441614960205", "address_line_1": "19 Station Road", "town": "Wigan",
         "postcode": "WN1 2DA", "preferred_channels": ["letter"], "languages": ["English"],
         "by_phone": True, "in_person": True},
        ["Ageing well"], ["Arthritis or joint pain"],
        {ConsentPurpose.CONTACT: True, ConsentPurpose.NEWSLETTER: True},
    ),
    Person(
        "pat-again", "Patricia", "Mullins", "northbridge", HowGiven.PHONE, 150,
        {"known_as": "Pat", "landline": "+441614960205", "address_line_1": "19 Station Rd", "town": "Wigan",
         "postcode": "WN1 2DA", "preferred_channels": ["phone", "letter"], "languages": ["English"],
         "by_phone": True},
        ["Ageing well", "Medicines"], [],
        {ConsentPurpose.CONTACT: True},
    ),
]  # fmt: skip
