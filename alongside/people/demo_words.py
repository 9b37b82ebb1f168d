"""Invented names, streets and places for the demo's people. Any likeness to a real person is chance.

Phone numbers come from Ofcom's ranges for drama and examples, email addresses from the
reserved example domains, so no demo message can ever reach anyone.
"""

from __future__ import annotations

# Family backgrounds: given names (women, men), family names, the ethnic groups people of that
# background most often choose (ONS 2021 categories, as values of people.choices.EthnicGroup),
# and languages they may use besides English.
BACKGROUNDS = {
    "english": (
        ["Margaret", "Susan", "Linda", "Karen", "Julie", "Emma", "Sophie", "Chloe", "Hannah", "Rachel",
         "Joanne", "Pauline", "Jean", "Barbara", "Dorothy", "Sandra", "Lisa", "Amy", "Jade", "Gemma",
         "Claire", "Kathleen", "Ruth", "Alison", "Denise", "Holly"],
        ["David", "John", "Paul", "Michael", "Peter", "Stephen", "Gary", "Mark", "James", "Daniel", "Ryan",
         "Liam", "Jack", "Keith", "Brian", "Alan", "Graham", "Kevin", "Neil", "Colin", "Stuart", "Adam",
         "Trevor", "Barry", "Nathan", "Craig"],
        ["Smith", "Taylor", "Brown", "Wilson", "Walker", "Wright", "Robinson", "Hall", "Green", "Harris",
         "Jackson", "Wood", "Turner", "Hill", "Cooper", "Ward", "Moore", "Kelly", "Barker", "Whitworth",
         "Ashworth", "Hargreaves", "Pickering", "Bradshaw", "Fletcher", "Sutcliffe", "Lomax", "Crompton",
         "Entwistle", "Heywood", "Openshaw", "Rigby"],
        ["white_british", "white_british", "white_british", "white_british", "white_other",
         "mixed_white_black_caribbean", "prefer_not"],
        [],
    ),
    "welsh": (
        ["Siân", "Bethan", "Ffion", "Elin", "Cerys", "Nia", "Gwenllian", "Eluned", "Tegwen", "Mererid",
         "Angharad", "Catrin", "Lowri", "Heledd", "Gwawr"],
        ["Dafydd", "Rhys", "Iolo", "Gruffydd", "Aled", "Hywel", "Carwyn", "Bedwyr", "Emyr", "Siôn",
         "Gethin", "Ieuan", "Tomos", "Llŷr", "Gwŷn"],
        ["ap Dafydd", "Prys", "Llywelyn", "Parry", "Pugh", "Vaughan", "Gruffudd", "Bowen", "Jenkins",
         "Morgan", "Rees", "Pritchard", "Hughes", "Roberts", "Griffiths", "Ellis", "Lloyd", "Tudur"],
        ["white_british", "white_british", "white_british", "white_other"],
        ["Welsh"],
    ),
    "south_asian": (
        ["Ayesha", "Farzana", "Nusrat", "Priyanka", "Shabana", "Rubina", "Harpreet", "Simran", "Anjali",
         "Meera", "Nadia", "Samina", "Shazia", "Rukhsana"],
        ["Imran", "Tariq", "Rajesh", "Sanjay", "Mohammed", "Abdul", "Gurpreet", "Harjit", "Arjun", "Bilal",
         "Zahid", "Faisal", "Naveed", "Sajid"],
        ["Hussain", "Begum", "Patel", "Khan", "Ahmed", "Iqbal", "Rahman", "Sandhu", "Kaur", "Chowdhury",
         "Mistry", "Malik", "Akhtar", "Siddiqui", "Bhatti"],
        ["asian_pakistani", "asian_pakistani", "asian_indian", "asian_indian", "asian_bangladeshi",
         "asian_other", "prefer_not"],
        ["Urdu", "Punjabi", "Bengali", "Gujarati"],
    ),
    "black": (
        ["Abena", "Chiamaka", "Folake", "Marcia", "Yvonne", "Precious", "Grace", "Amara", "Hodan",
         "Faduma", "Comfort"],
        ["Kwabena", "Chinedu", "Tunde", "Desmond", "Winston", "Emmanuel", "Samuel", "Abdi", "Mahad",
         "Delroy", "Ikenna"],
        ["Okonkwo", "Adeyemi", "Boateng", "Campbell", "Francis", "Osei", "Warsame", "Farah", "Abdullahi",
         "Nwosu", "Asante", "Grant", "Reid"],
        ["black_african", "black_african", "black_caribbean", "black_caribbean", "black_other",
         "mixed_white_black_african"],
        ["Somali", "Yoruba", "Twi", "Igbo"],
    ),
    "east_asian": (
        ["Mei", "Lily", "Xin", "Hui Min", "Linh"],
        ["Wei", "Jun", "Kenny", "Hao", "Minh"],
        ["Chen", "Wong", "Li", "Cheung", "Lam", "Nguyen", "Tran"],
        ["asian_chinese", "asian_chinese", "asian_other", "mixed_white_asian"],
        ["Cantonese", "Mandarin", "Vietnamese"],
    ),
    "east_european": (
        ["Agnieszka", "Katarzyna", "Ewa", "Ioana", "Daiva", "Marta"],
        ["Piotr", "Tomasz", "Marek", "Andrei", "Jonas", "Paweł"],
        ["Nowak", "Wiśniewski", "Zieliński", "Popescu", "Kazlauskas", "Kowalczyk", "Lewandowski"],
        ["white_other", "white_other", "white_roma"],
        ["Polish", "Romanian", "Lithuanian"],
    ),
    "irish": (
        ["Siobhan", "Niamh", "Aoife", "Bridget", "Maeve"],
        ["Declan", "Padraig", "Cormac", "Sean", "Eamon"],
        ["O'Neill", "Murphy", "Byrne", "Doyle", "McCarthy", "Gallagher", "Quinn"],
        ["white_irish", "white_irish", "white_gypsy_traveller", "white_british"],
        [],
    ),
    "scottish": (
        ["Morag", "Eilidh", "Kirsty", "Fiona", "Isla"],
        ["Hamish", "Callum", "Euan", "Angus", "Fraser"],
        ["MacLeod", "Fraser", "Stewart", "Robertson", "McIntyre", "Sinclair"],
        ["white_british", "white_british", "white_other"],
        [],
    ),
    "arab": (
        ["Layla", "Mariam", "Huda", "Rania"],
        ["Omar", "Karim", "Yusuf", "Sami"],
        ["Haddad", "Al-Sayed", "Mansour", "Nasser"],
        ["other_arab", "other_arab", "other_other"],
        ["Arabic"],
    ),
}  # fmt: skip

# Region: (weight among the demo's people, postcode areas with a district and a town, backgrounds
# with weights, the start of a landline from Ofcom's drama ranges there (three digits follow)).
REGIONS = {
    "North West": (
        52,
        [("M", 13, "Manchester"), ("M", 20, "Manchester"), ("SK", 4, "Stockport"), ("OL", 1, "Oldham"),
         ("BL", 3, "Bolton"), ("WN", 5, "Wigan"), ("WA", 2, "Warrington"), ("PR", 1, "Preston"),
         ("BB", 1, "Blackburn"), ("L", 8, "Liverpool"), ("L", 15, "Liverpool"), ("LA", 1, "Lancaster"),
         ("CH", 2, "Chester"), ("FY", 1, "Blackpool")],
        {"english": 62, "south_asian": 14, "black": 6, "irish": 5, "east_european": 5, "east_asian": 3,
         "arab": 2, "scottish": 2, "welsh": 1},
        "+441614960",
    ),
    "Wales": (
        14,
        [("LL", 11, "Wrexham"), ("LL", 13, "Wrexham"), ("LL", 57, "Bangor"), ("LL", 30, "Llandudno"),
         ("CF", 24, "Cardiff"), ("SA", 1, "Swansea"), ("NP", 20, "Newport")],
        {"welsh": 70, "english": 22, "south_asian": 4, "black": 2, "east_european": 2},
        "+442920180",
    ),
    "Yorkshire and The Humber": (
        6, [("LS", 7, "Leeds"), ("BD", 8, "Bradford"), ("S", 2, "Sheffield")],
        {"english": 70, "south_asian": 20, "black": 5, "east_european": 5}, "+441134960",
    ),
    "West Midlands": (
        6, [("B", 11, "Birmingham"), ("WV", 3, "Wolverhampton")],
        {"english": 55, "south_asian": 28, "black": 12, "irish": 5}, "+441214960",
    ),
    "London": (
        9, [("E", 15, "London"), ("SE", 15, "London"), ("N", 17, "London")],
        {"english": 40, "black": 25, "south_asian": 18, "east_european": 8, "east_asian": 5, "arab": 4},
        "+442079460",
    ),
    "North East": (3, [("NE", 6, "Newcastle upon Tyne")], {"english": 90, "south_asian": 10}, "+441914980"),
    "Scotland": (3, [("G", 31, "Glasgow"), ("EH", 7, "Edinburgh")], {"scottish": 80, "south_asian": 20},
                 "+441414960"),
    "Northern Ireland": (2, [("BT", 9, "Belfast")], {"irish": 100}, "+442890180"),
    "East Midlands": (2, [("NG", 7, "Nottingham")], {"english": 75, "south_asian": 15, "black": 10},
                      "+441632960"),
    "South West": (2, [("BS", 5, "Bristol")], {"english": 85, "black": 15}, "+441174960"),
}  # fmt: skip

STREETS = [
    "Albert Road", "Victoria Street", "Chapel Lane", "Mill Lane", "Station Road", "Park Avenue",
    "Church Street", "Grove Terrace", "Moss Lane", "Wellington Road", "Oak Bank", "Brook Street",
    "Kingsway", "Beech Close", "Hollin Lane", "Queens Drive",
]  # fmt: skip
WELSH_STREETS = [
    "Ffordd Tŷ Gwyn", "Heol y Dŵr", "Lôn Tŷ Coch", "Stryd y Bont", "Ffordd Gŵyr", "Heol Maes-y-Dre",
    "Lôn y Wylan", "Rhes Tŷ Newydd",
]  # fmt: skip
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

LIVERPOOL_LANDLINE = "+441514960"
