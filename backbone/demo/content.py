"""Demo content for a national children's care-reform collective in Ukraine.

Everything here is invented demo content: the NGOs, companies, groups, people's names and
websites do not describe real organisations or people. The exceptions are public bodies
(ministries, the National Social Service, oblast military administrations, city councils and
their services), which are named as they exist; their pages and activities here are
illustrative only.

Organizations are named in Ukrainian and in English (the English name, or the official
KMU-2010 transliteration where there is none); collectives, bodies, indicators and their
disaggregations in English, Ukrainian and, for the national level, Hebrew.
This module is pure data and imports nothing from Django.
"""

ORGANIZATIONS: list[dict] = [
    # --- National level (oblast None) -----------------------------------------------------
    {
        "name_uk": "Міністерство соціальної політики України",
        "name_en": "Ministry of Social Policy of Ukraine",
        "kind": "ministry",
        "sectors": ["social_protection", "child_protection", "alternative_care"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://www.msp.gov.ua",
    },
    {
        "name_uk": "Міністерство освіти і науки України",
        "name_en": "Ministry of Education and Science of Ukraine",
        "kind": "ministry",
        "sectors": ["education", "disability"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://mon.gov.ua",
    },
    {
        "name_uk": "Міністерство охорони здоров'я України",
        "name_en": "Ministry of Health of Ukraine",
        "kind": "ministry",
        "sectors": ["health", "mental_health"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://moz.gov.ua",
    },
    {
        "name_uk": "Національна соціальна сервісна служба України",
        "name_en": "National Social Service of Ukraine",
        "kind": "public_service",
        "sectors": ["social_protection", "child_protection"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://nssu.gov.ua",
    },
    {
        "name_uk": "БО «Родина поруч»",
        "name_en": "Family Nearby Charity",
        "kind": "ngo",
        "sectors": ["family_support", "alternative_care"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://rodynaporuch.org.ua",
    },
    {
        "name_uk": "ГО «Мережа прийомних родин України»",
        "name_en": "Foster Families Network of Ukraine",
        "kind": "ngo",
        "sectors": ["alternative_care", "family_support"],
        "oblast": None,
        "non_traditional": False,
        "tier": "medium",
        "website": "https://merezha-pryiomnykh-rodyn.org.ua",
    },
    {
        "name_uk": "ГО «Спілка фахівців соціальної роботи»",
        "name_en": "Union of Social Work Professionals",
        "kind": "ngo",
        "sectors": ["social_protection", "child_protection"],
        "oblast": None,
        "non_traditional": False,
        "tier": "medium",
        "website": "https://spilka-sotsrobota.org.ua",
    },
    {
        "name_uk": "ГО «Голос молоді з досвідом опіки»",
        "name_en": "Care-Experienced Youth Voice",
        "kind": "ngo",
        "sectors": ["alternative_care", "child_protection"],
        "oblast": None,
        "non_traditional": False,
        "tier": "small",
        "website": "https://holos-molodi.org.ua",
    },
    {
        "name_uk": "ГО «Дитяча правова клініка»",
        "name_en": "Children's Legal Clinic",
        "kind": "ngo",
        "sectors": ["justice", "child_protection"],
        "oblast": None,
        "non_traditional": False,
        "tier": "small",
        "website": "https://dytiacha-klinika.org.ua",
    },
    {
        "name_uk": "БФ «Тепло вдома»",
        "name_en": "Warm at Home Foundation",
        "kind": "ngo",
        "sectors": ["humanitarian", "housing", "family_support"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://teplovdoma.org.ua",
    },
    {
        "name_uk": "Міжконфесійна місія «Дім милосердя»",
        "name_en": "House of Mercy Interfaith Mission",
        "kind": "faith_based",
        "sectors": ["family_support", "humanitarian"],
        "oblast": None,
        "non_traditional": False,
        "tier": "medium",
        "website": "https://dim-myloserdia.org.ua",
    },
    {
        "name_uk": "Український інститут досліджень дитинства",
        "name_en": "Ukrainian Institute for Childhood Research",
        "kind": "academic",
        "sectors": ["child_protection", "education"],
        "oblast": None,
        "non_traditional": False,
        "tier": "small",
        "website": "https://childhood-research.org.ua",
    },
    {
        "name_uk": "Фонд «Олдермур» для дітей",
        "name_en": "Aldermoor Foundation for Children",
        "kind": "funder",
        "sectors": ["child_protection", "family_support", "alternative_care"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://aldermoor-foundation.org",
    },
    {
        "name_uk": "Онлайн-видання «Про дітей»",
        "name_en": "Pro Ditei online outlet",
        "kind": "media",
        "sectors": ["child_protection", "education"],
        "oblast": None,
        "non_traditional": False,
        "tier": "small",
        "website": "https://proditei.org.ua",
    },
    # --- Lviv oblast (UA-46) ----------------------------------------------------------------
    {
        "name_uk": "Служба у справах дітей Львівської обласної військової адміністрації",
        "name_en": "Children's Service of Lviv Oblast Military Administration",
        "kind": "local_authority",
        "sectors": ["child_protection", "alternative_care"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://loda.gov.ua",
    },
    {
        "name_uk": "Департамент соціальної політики Львівської міської ради",
        "name_en": "Department of Social Policy, Lviv City Council",
        "kind": "local_authority",
        "sectors": ["social_protection", "family_support"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "large",
        "website": "https://city-adm.lviv.ua",
    },
    {
        "name_uk": "Львівський обласний центр соціальних служб",
        "name_en": "Lviv Regional Centre of Social Services",
        "kind": "public_service",
        "sectors": ["family_support", "social_protection"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://ocss.lviv.gov.ua",
    },
    {
        "name_uk": "ГО «Простір довіри»",
        "name_en": "Space of Trust",
        "kind": "ngo",
        "sectors": ["mental_health", "child_protection"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "small",
        "website": "https://prostir-doviry.org.ua",
    },
    {
        "name_uk": "ГО «Батьківський клуб Сихова»",
        "name_en": "Sykhiv Parents' Club",
        "kind": "cbo",
        "sectors": ["disability", "family_support"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "volunteer",
        "website": "https://batkivskyi-klub-sykhiv.org.ua",
    },
    {
        "name_uk": "Молодіжна спільнота парафії святого Андрія",
        "name_en": "St Andrew's Parish Youth Community",
        "kind": "faith_based",
        "sectors": ["family_support", "mental_health"],
        "oblast": "UA-46",
        "non_traditional": True,
        "tier": "volunteer",
        "website": "https://andriivska-molod.org.ua",
    },
    {
        "name_uk": "Соціальна пекарня «Свій хліб»",
        "name_en": "Svii Khlib Social Bakery",
        "kind": "private",
        "sectors": ["livelihoods", "alternative_care"],
        "oblast": "UA-46",
        "non_traditional": True,
        "tier": "small",
        "website": "https://sviikhlib.lviv.ua",
    },
    {
        "name_uk": "ТОВ «Левкод»",
        "name_en": "Levkod LLC",
        "kind": "private",
        "sectors": ["education", "livelihoods"],
        "oblast": "UA-46",
        "non_traditional": True,
        "tier": "medium",
        "website": "https://levkod.com.ua",
    },
    {
        "name_uk": "Коворкінг «Площа»",
        "name_en": "Ploshcha Coworking",
        "kind": "private",
        "sectors": ["livelihoods", "education"],
        "oblast": "UA-46",
        "non_traditional": True,
        "tier": "small",
        "website": "https://ploshcha-cowork.lviv.ua",
    },
    {
        "name_uk": "Фонд громади «Спільна справа»",
        "name_en": "Common Cause Community Foundation",
        "kind": "funder",
        "sectors": ["livelihoods", "family_support"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://spilna-sprava.org.ua",
    },
    # --- Kharkiv oblast (UA-63) -------------------------------------------------------------
    {
        "name_uk": "Служба у справах дітей Харківської обласної військової адміністрації",
        "name_en": "Children's Service of Kharkiv Oblast Military Administration",
        "kind": "local_authority",
        "sectors": ["child_protection", "alternative_care"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://kharkivoda.gov.ua",
    },
    {
        "name_uk": "Служба у справах дітей Харківської міської ради",
        "name_en": "Children's Service of Kharkiv City Council",
        "kind": "local_authority",
        "sectors": ["child_protection", "family_support"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://www.city.kharkiv.ua",
    },
    {
        "name_uk": "Харківський обласний центр соціальних служб",
        "name_en": "Kharkiv Regional Centre of Social Services",
        "kind": "public_service",
        "sectors": ["family_support", "social_protection", "humanitarian"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://ocss.kharkiv.gov.ua",
    },
    {
        "name_uk": "Інклюзивно-ресурсний центр № 3 Харківської міської ради",
        "name_en": "Inclusive Resource Centre No. 3, Kharkiv City Council",
        "kind": "public_service",
        "sectors": ["disability", "education"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "small",
        "website": "https://irc3.city.kharkiv.ua",
    },
    {
        "name_uk": "БО «Крок до дому»",
        "name_en": "Step Home Charity",
        "kind": "ngo",
        "sectors": ["housing", "alternative_care"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://krokdodomu.org.ua",
    },
    {
        "name_uk": "Орган самоорганізації населення «Олексіївка»",
        "name_en": "Oleksiivka Residents' Self-Organisation Body",
        "kind": "cbo",
        "sectors": ["family_support", "humanitarian"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "volunteer",
        "website": "https://osn-oleksiivka.org.ua",
    },
    {
        "name_uk": "Слобожанський університет соціальних наук",
        "name_en": "Slobozhanshchyna University of Social Sciences",
        "kind": "academic",
        "sectors": ["education", "social_protection"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "large",
        "website": "https://susn.edu.ua",
    },
    {
        "name_uk": "Дитяча футбольна академія ФК «Слобода»",
        "name_en": "FC Sloboda Youth Football Academy",
        "kind": "private",
        "sectors": ["education", "mental_health"],
        "oblast": "UA-63",
        "non_traditional": True,
        "tier": "small",
        "website": "https://fc-sloboda-academy.kharkiv.ua",
    },
    {
        "name_uk": "Волонтерські водії Салтівки",
        "name_en": "Saltivka Volunteer Drivers",
        "kind": "informal",
        "sectors": ["humanitarian", "health"],
        "oblast": "UA-63",
        "non_traditional": True,
        "tier": "volunteer",
        "website": "",
    },
    # --- Odesa oblast (UA-51) ---------------------------------------------------------------
    {
        "name_uk": "Служба у справах дітей Одеської обласної військової адміністрації",
        "name_en": "Children's Service of Odesa Oblast Military Administration",
        "kind": "local_authority",
        "sectors": ["child_protection", "alternative_care"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://oda.odessa.gov.ua",
    },
    {
        "name_uk": "Служба у справах дітей Одеської міської ради",
        "name_en": "Children's Service of Odesa City Council",
        "kind": "local_authority",
        "sectors": ["child_protection", "family_support"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://omr.gov.ua",
    },
    {
        "name_uk": "Одеська обласна дитяча клінічна лікарня",
        "name_en": "Odesa Regional Children's Clinical Hospital",
        "kind": "public_service",
        "sectors": ["health", "disability"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "large",
        "website": "https://odkl.odesa.gov.ua",
    },
    {
        "name_uk": "ГО «Сонячне коло»",
        "name_en": "Sunny Circle",
        "kind": "ngo",
        "sectors": ["disability", "family_support"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "small",
        "website": "https://soniachne-kolo.org.ua",
    },
    {
        "name_uk": "ГО «Сусідська допомога Черемушок»",
        "name_en": "Cheremushky Neighbourhood Help",
        "kind": "cbo",
        "sectors": ["family_support", "humanitarian"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "volunteer",
        "website": "https://susidy-cheremushky.org.ua",
    },
    {
        "name_uk": "Благодійна місія «Ковчег»",
        "name_en": "Kovcheh Charity Mission",
        "kind": "faith_based",
        "sectors": ["humanitarian", "family_support"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "small",
        "website": "https://misiia-kovcheh.org.ua",
    },
    {
        "name_uk": "БФ «Зерно добра»",
        "name_en": "Grain of Kindness Foundation",
        "kind": "funder",
        "sectors": ["livelihoods", "family_support"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://zerno-dobra.org.ua",
    },
    {
        "name_uk": "Радіо «Хвиля Одеси»",
        "name_en": "Radio Khvylia Odesy",
        "kind": "media",
        "sectors": ["humanitarian", "family_support"],
        "oblast": "UA-51",
        "non_traditional": True,
        "tier": "small",
        "website": "https://khvylia.od.ua",
    },
    {
        "name_uk": "Ініціатива прийомних батьків Одещини",
        "name_en": "Odesa Oblast Foster Parents' Initiative",
        "kind": "informal",
        "sectors": ["alternative_care", "family_support"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "volunteer",
        "website": "",
    },
]


# Given names: (Cyrillic, KMU-2010 Latin).
MALE_GIVEN: list[tuple[str, str]] = [
    ("Олександр", "Oleksandr"),
    ("Андрій", "Andrii"),
    ("Дмитро", "Dmytro"),
    ("Сергій", "Serhii"),
    ("Володимир", "Volodymyr"),
    ("Михайло", "Mykhailo"),
    ("Іван", "Ivan"),
    ("Олег", "Oleh"),
    ("Юрій", "Yurii"),
    ("Василь", "Vasyl"),
    ("Тарас", "Taras"),
    ("Богдан", "Bohdan"),
    ("Максим", "Maksym"),
    ("Євген", "Yevhen"),
    ("Віталій", "Vitalii"),
    ("Роман", "Roman"),
    ("Петро", "Petro"),
    ("Ігор", "Ihor"),
    ("Микола", "Mykola"),
    ("Артем", "Artem"),
    ("Денис", "Denys"),
    ("Ярослав", "Yaroslav"),
    ("Олексій", "Oleksii"),
    ("Павло", "Pavlo"),
    ("Костянтин", "Kostiantyn"),
]

FEMALE_GIVEN: list[tuple[str, str]] = [
    ("Оксана", "Oksana"),
    ("Олена", "Olena"),
    ("Наталія", "Nataliia"),
    ("Ірина", "Iryna"),
    ("Тетяна", "Tetiana"),
    ("Юлія", "Yuliia"),
    ("Світлана", "Svitlana"),
    ("Марія", "Mariia"),
    ("Анна", "Anna"),
    ("Ганна", "Hanna"),
    ("Людмила", "Liudmyla"),
    ("Вікторія", "Viktoriia"),
    ("Катерина", "Kateryna"),
    ("Христина", "Khrystyna"),
    ("Софія", "Sofiia"),
    ("Галина", "Halyna"),
    ("Ольга", "Olha"),
    ("Надія", "Nadiia"),
    ("Лариса", "Larysa"),
    ("Дарина", "Daryna"),
    ("Яна", "Yana"),
    ("Зоряна", "Zoriana"),
    ("Мирослава", "Myroslava"),
    ("Інна", "Inna"),
    ("Соломія", "Solomiia"),
]

# Surnames: (Cyrillic, KMU-2010 Latin). All are gender-neutral (same form for men and women),
# so no adjective surnames such as Ковальський/Ковальська are included.
SURNAMES: list[tuple[str, str]] = [
    ("Коваленко", "Kovalenko"),
    ("Шевченко", "Shevchenko"),
    ("Бондаренко", "Bondarenko"),
    ("Ткаченко", "Tkachenko"),
    ("Кравченко", "Kravchenko"),
    ("Олійник", "Oliinyk"),
    ("Шевчук", "Shevchuk"),
    ("Поліщук", "Polishchuk"),
    ("Мельник", "Melnyk"),
    ("Бойко", "Boiko"),
    ("Ткачук", "Tkachuk"),
    ("Савченко", "Savchenko"),
    ("Руденко", "Rudenko"),
    ("Марченко", "Marchenko"),
    ("Лисенко", "Lysenko"),
    ("Мороз", "Moroz"),
    ("Павленко", "Pavlenko"),
    ("Петренко", "Petrenko"),
    ("Кузьменко", "Kuzmenko"),
    ("Мартинюк", "Martyniuk"),
    ("Романюк", "Romaniuk"),
    ("Гончаренко", "Honcharenko"),
    ("Захарченко", "Zakharchenko"),
    ("Литвиненко", "Lytvynenko"),
    ("Карпенко", "Karpenko"),
    ("Іваненко", "Ivanenko"),
    ("Степанюк", "Stepaniuk"),
    ("Костюк", "Kostiuk"),
    ("Вакуленко", "Vakulenko"),
    ("Юрченко", "Yurchenko"),
    ("Гаврилюк", "Havryliuk"),
    ("Кириленко", "Kyrylenko"),
    ("Федорук", "Fedoruk"),
    ("Дячук", "Diachuk"),
    ("Пономаренко", "Ponomarenko"),
    ("Головко", "Holovko"),
    ("Білик", "Bilyk"),
    ("Климчук", "Klymchuk"),
    ("Семенюк", "Semeniuk"),
    ("Остапчук", "Ostapchuk"),
    ("Яковенко", "Yakovenko"),
    ("Ничипорук", "Nychyporuk"),
    ("Гуменюк", "Humeniuk"),
    ("Панченко", "Panchenko"),
    ("Дорошенко", "Doroshenko"),
    ("Середа", "Sereda"),
    ("Приходько", "Prykhodko"),
    ("Гнатюк", "Hnatiuk"),
    ("Швець", "Shvets"),
    ("Кушнір", "Kushnir"),
    ("Зінченко", "Zinchenko"),
    ("Процюк", "Protsiuk"),
    ("Стасюк", "Stasiuk"),
    ("Андрусяк", "Andrusiak"),
    ("Харченко", "Kharchenko"),
    ("Єременко", "Yeremenko"),
    ("Коцюба", "Kotsiuba"),
    ("Дмитрук", "Dmytruk"),
    ("Назаренко", "Nazarenko"),
    ("Левченко", "Levchenko"),
]

JOB_TITLES: list[str] = [
    "Director",
    "Deputy director",
    "Head of children's services",
    "Head of department",
    "Chief specialist",
    "Case manager",
    "Social worker",
    "Family support specialist",
    "Foster care specialist",
    "Psychologist",
    "Legal adviser",
    "Programme officer",
    "Programme manager",
    "Project coordinator",
    "Monitoring and evaluation officer",
    "Communications officer",
    "Community mobiliser",
    "Volunteer coordinator",
    "Grants manager",
    "Researcher",
]


WORKING_GROUPS: list[dict] = [
    {
        "name": "Working group on the social-service workforce",
        "purpose": (
            "Build a stable, well-trained social-service workforce in hromadas so that every "
            "family at risk can reach a qualified social worker."
        ),
        "government_role": (
            "The Ministry of Social Policy co-chairs with an NGO partner; the National Social "
            "Service and the regional centres of social services sit as members with a vote."
        ),
        "scope_v1": """Purpose
Build a stable, well-trained social-service workforce in hromadas of the three oblasts.
Deliverables
- Map vacancies and caseloads of social-work specialists in 30 pilot hromadas by March 2025
- Agree a joint induction curriculum for newly hired social workers by June 2025
- Propose a training plan on trauma-informed practice for Q2 2025
Ways of working
- Monthly online meeting; minutes shared within five working days
- Decisions by consensus; failing that, the co-chairs refer the question to the steering committee
Membership
- Ministry of Social Policy (co-chair), National Social Service, regional centres of social services
- NGOs and universities that train or employ social workers""",
        "scope_v2": """Purpose
Build a stable, well-trained social-service workforce in hromadas of the three oblasts.
Deliverables
- Map vacancies and caseloads of social-work specialists in 36 pilot hromadas by April 2025
- Co-design and pilot an induction curriculum for newly hired social workers by September 2025
- Propose a training plan on trauma-informed practice for Q3 2025
- Draft a caseload standard (maximum active cases per social worker) by November 2025
Ways of working
- Monthly online meeting; minutes shared within five working days
- Decisions by consensus; failing that, the co-chairs refer the question to the steering committee
Membership
- Ministry of Social Policy (co-chair), National Social Service, regional centres of social services
- NGOs and universities that train or employ social workers
- Two social workers from pilot hromadas, rotating every six months""",
        "scope_v2_summary": (
            "Added caseload standard; moved the training plan to Q3 2025; "
            "mapping now covers 36 hromadas"
        ),
    },
    {
        "name": "Working group on case management",
        "purpose": (
            "Agree one case-management approach, with shared tools and referral routes, that "
            "children's services and social services use in every hromada."
        ),
        "government_role": (
            "The National Social Service co-chairs; oblast children's services sit as members "
            "with a vote and test the tools in their hromadas."
        ),
        "scope_v1": """Purpose
Agree a common case-management approach for children and families in difficult life circumstances.
Deliverables
- Review the assessment forms now used by children's services in the three oblasts by February 2025
- Agree a single needs-assessment form and a case-plan template by May 2025
- Describe referral routes between children's services, social services and schools
Ways of working
- Meets every two weeks during drafting, monthly afterwards
- Drafts are shared for comment for at least ten working days before a decision
Membership
- National Social Service (co-chair), oblast and city children's services
- Regional centres of social services
- NGOs that run case management, the Children's Legal Clinic""",
        "scope_v2": """Purpose
Agree a common case-management approach for children and families in difficult life circumstances.
Deliverables
- Review the assessment forms now used by children's services in the three oblasts by February 2025
- Agree a single needs-assessment form and a case-plan template by July 2025
- Publish referral routes between children's services, social services, schools and health care
- Test the form and template with 120 families in six hromadas and report results by December 2025
Ways of working
- Meets every two weeks during drafting, monthly afterwards
- Drafts are shared for comment for at least ten working days before a decision
- The community council reviews each draft form before it is tested with families
Membership
- National Social Service (co-chair), oblast and city children's services
- Regional centres of social services
- NGOs that run case management, the Children's Legal Clinic""",
        "scope_v2_summary": (
            "Added a field test with 120 families; templates moved to July 2025; "
            "health care added to referral routes"
        ),
    },
    {
        "name": "Working group on foster care",
        "purpose": (
            "Grow the number of foster families and family-type children's homes, and give "
            "carers the support they need to keep placements stable."
        ),
        "government_role": (
            "Oblast children's services co-chair in rotation; the Ministry of Social Policy "
            "attends as an observer and takes proposals on regulations back to the ministry."
        ),
        "scope_v1": """Purpose
Increase family-based care so that fewer children enter or stay in residential institutions.
Deliverables
- Run a joint recruitment campaign for foster carers in the three oblasts in spring 2025
- Set up peer-support groups for foster carers in each oblast by June 2025
- Propose changes to the payment rules for emergency foster care
Ways of working
- Monthly meeting, rotating between Lviv, Kharkiv and Odesa, with an online option
- Foster carers take part in every meeting and are reimbursed for travel
Membership
- Oblast children's services (co-chair in rotation), the Foster Families Network of Ukraine
- NGOs that train and support carers; Ministry of Social Policy as observer""",
        "scope_v2": """Purpose
Increase family-based care so that fewer children enter or stay in residential institutions.
Deliverables
- Run a joint recruitment campaign for foster carers in the three oblasts in autumn 2025
- Set up peer-support groups for foster carers in each oblast by June 2025
- Submit proposals on payment rules for emergency foster care to the Ministry by October 2025
- Agree a respite-care offer so that carers can take a short break without ending a placement
Ways of working
- Monthly meeting, rotating between Lviv, Kharkiv and Odesa, with an online option
- Foster carers take part in every meeting and are reimbursed for travel
Membership
- Oblast children's services (co-chair in rotation), the Foster Families Network of Ukraine
- NGOs that train and support carers; Ministry of Social Policy as observer""",
        "scope_v2_summary": (
            "Added respite care; recruitment campaign moved to autumn 2025; "
            "payment proposals now due in October"
        ),
    },
    {
        "name": "Working group on financing",
        "purpose": (
            "Shift public and donor money from residential institutions to family support and "
            "family-based care, and make that spending visible."
        ),
        "government_role": (
            "The Ministry of Social Policy and oblast finance departments sit as members with a "
            "vote; the Ministry of Finance is invited to sessions on budget programmes."
        ),
        "scope_v1": """Purpose
Follow the money: show where care-reform spending goes and propose how to redirect it.
Deliverables
- Estimate the annual cost of residential institutions in the three oblasts by April 2025
- Compare it with the cost of social services and family-based care for the same children
- Publish a short briefing for hromada councils before the 2026 budget round
Ways of working
- Meets monthly; analysis is done by a small task team between meetings
- Figures are checked with the oblast finance departments before they are published
Membership
- Ministry of Social Policy, oblast finance departments, funders of the collective
- The Ukrainian Institute for Childhood Research as analytical partner""",
        "scope_v2": """Purpose
Follow the money: show where care-reform spending goes and propose how to redirect it.
Deliverables
- Estimate the annual cost of residential institutions in the three oblasts by June 2025
- Compare it with the cost of social services and family-based care for the same children
- Publish a short briefing for hromada councils before the 2026 budget round
- Track donor funding to the collective in one shared table, updated every quarter
Ways of working
- Meets monthly; analysis is done by a small task team between meetings
- Figures are checked with oblast finance departments and the hromadas concerned before publication
Membership
- Ministry of Social Policy, oblast finance departments, funders of the collective
- The Ukrainian Institute for Childhood Research as analytical partner""",
        "scope_v2_summary": (
            "Added a shared donor-funding tracker; cost estimate moved to June 2025; "
            "hromadas now check figures"
        ),
    },
]


STEERING_COMMITTEE = {
    "name": "Steering committee",
    "name_uk": "Керівний комітет",
    "name_he": "ועדת ההיגוי",
    "purpose": (
        "Sets the common agenda, agrees the shared measures and decides priorities and "
        "resources across the collective."
    ),
    "government_role": (
        "The Deputy Minister of Social Policy co-chairs with a civil-society member elected by "
        "partners; each of the three oblast military administrations holds one voting seat."
    ),
    "purpose_uk": (
        "Визначає спільний порядок денний, погоджує спільні показники та ухвалює рішення щодо "
        "пріоритетів і ресурсів усього об'єднання."
    ),
    "purpose_he": (
        "קובעת את סדר היום המשותף, מסכימה על המדדים המשותפים ומחליטה על סדרי עדיפויות "
        "ומשאבים בכל הקולקטיב."
    ),
    "government_role_uk": (
        "Заступник міністра соціальної політики є співголовою разом із представником "
        "громадянського суспільства, якого обирають партнери; кожна з трьох обласних "
        "військових адміністрацій має одне місце з правом голосу."
    ),
    "government_role_he": (
        "סגן שר המדיניות החברתית משמש יושב ראש משותף עם נציג החברה האזרחית שבחרו השותפים; "
        "לכל אחד משלושת המינהלים הצבאיים המחוזיים מושב אחד עם זכות הצבעה."
    ),
}

BACKBONE_TEAM = {
    "name": "Backbone team",
    "name_uk": "Опорна команда",
    "name_he": "צוות השדרה",
    "purpose": (
        "Coordinates the collective day to day: convenes the groups, keeps the shared data, "
        "supports communications and helps partners keep their activities aligned."
    ),
    "government_role": (
        "Public bodies do not sit on the team; a liaison officer at the Ministry of Social "
        "Policy meets the team every two weeks."
    ),
    "purpose_uk": (
        "Щодня координує роботу об'єднання: скликає групи, веде спільні дані, підтримує "
        "комунікацію та допомагає партнерам узгоджувати їхню діяльність."
    ),
    "purpose_he": (
        "מתאם את עבודת הקולקטיב מדי יום: מכנס את הקבוצות, מנהל את הנתונים המשותפים, תומך "
        "בתקשורת ועוזר לשותפים לתאם את פעילותם."
    ),
    "government_role_uk": (
        "Державні органи не входять до команди; відповідальна особа для зв'язку в Міністерстві "
        "соціальної політики зустрічається з командою раз на два тижні."
    ),
    "government_role_he": (
        "גופים ציבוריים אינם חברים בצוות; איש קשר במשרד המדיניות החברתית נפגש עם הצוות אחת "
        "לשבועיים."
    ),
}

COMMUNITY_COUNCIL = {
    "name": "Community council",
    "name_uk": "Громадська рада",
    "name_he": "המועצה הקהילתית",
    "purpose": (
        "Brings care leavers, birth parents, and foster and kinship carers into decisions, so "
        "that plans are tested against lived experience."
    ),
    "government_role": (
        "Officials attend by invitation to listen and answer questions; the council sends its "
        "recommendations to the steering committee, which must answer in writing."
    ),
    "purpose_uk": (
        "Залучає до ухвалення рішень випускників закладів догляду, біологічних батьків, "
        "прийомних батьків і родичів-опікунів, щоб плани перевірялися життєвим досвідом."
    ),
    "purpose_he": (
        "משתפת בקבלת ההחלטות בוגרי מסגרות טיפול, הורים ביולוגיים, הורים אומנים ובני משפחה "
        "מטפלים, כדי שהתוכניות ייבחנו מול ניסיון חיים."
    ),
    "government_role_uk": (
        "Посадовці відвідують засідання на запрошення, щоб вислухати й відповісти на "
        "запитання; рада надсилає свої рекомендації керівному комітету, який має відповісти "
        "письмово."
    ),
    "government_role_he": (
        "נציגי הממשל משתתפים בהזמנה כדי להקשיב ולענות על שאלות; המועצה שולחת את המלצותיה "
        "לוועדת ההיגוי, שחייבת להשיב בכתב."
    ),
}


COLLECTIVES: list[dict] = [
    {
        "slug": "ukraine",
        "name": "Ukraine care-reform collective",
        "description": (
            "A national collective of ministries, public services, NGOs, funders and community "
            "actors working behind the Strategy for Ensuring the Right of Every Child in Ukraine "
            "to Grow Up in a Family Environment for 2024–2028. Together they aim to reduce the "
            "number of children in residential institutions, grow family-based care such as "
            "foster families and family-type children's homes, and strengthen the services that "
            "help families stay together."
        ),
        "level": "national",
        "place": "UA",
        "phase": "organize",
    },
    {
        "slug": "ua-46",
        "name": "Lviv oblast care-reform collective",
        "description": (
            "Brings together the oblast and city children's services, the regional centre of "
            "social services and local partners in Lviv oblast, which hosts many internally "
            "displaced families and children evacuated from institutions in the east. Its "
            "priorities are family support services in every hromada and a pool of foster "
            "carers who can take in a child at short notice."
        ),
        "level": "regional",
        "place": "UA-46",
        "phase": "organize",
    },
    {
        "slug": "ua-63",
        "name": "Kharkiv oblast care-reform collective",
        "description": (
            "Works in a frontline oblast where institutions were evacuated in 2022 and services "
            "still operate under shelling. Partners focus on bringing children back into "
            "family-based care close to home, psychosocial support, and keeping social workers "
            "in de-occupied hromadas."
        ),
        "level": "regional",
        "place": "UA-63",
        "phase": "initiate",
    },
    {
        "slug": "ua-51",
        "name": "Odesa oblast care-reform collective",
        "description": (
            "Covers the city of Odesa and a large number of rural hromadas from the Danube to "
            "the Mykolaiv border. Partners are building inclusive services for children with "
            "disabilities, strengthening kinship and foster care, and linking the children's "
            "hospital with social services so that infants are not left behind in hospital."
        ),
        "level": "regional",
        "place": "UA-51",
        "phase": "organize",
    },
]


# The working groups' names, purposes and roles of government in Ukrainian and Hebrew, by
# their English name (their scopes of work stay in English, the working language).
WORKING_GROUP_TRANSLATIONS: dict[str, dict[str, str]] = {
    "Working group on the social-service workforce": {
        "name_uk": "Робоча група з кадрового забезпечення соціальних служб",
        "name_he": "קבוצת העבודה לכוח האדם בשירותים החברתיים",
        "purpose_uk": (
            "Сформувати стабільний, добре підготовлений кадровий склад соціальних служб у "
            "громадах, щоб кожна сім'я в зоні ризику могла звернутися до кваліфікованого "
            "соціального працівника."
        ),
        "purpose_he": (
            "לבנות כוח אדם יציב ומיומן בשירותים החברתיים ברשויות המקומיות, כדי שכל משפחה "
            "בסיכון תוכל להגיע לעובד סוציאלי מוסמך."
        ),
        "government_role_uk": (
            "Міністерство соціальної політики є співголовою разом із партнером від громадських "
            "організацій; Національна соціальна сервісна служба та обласні центри соціальних "
            "служб входять до складу з правом голосу."
        ),
        "government_role_he": (
            "משרד המדיניות החברתית משמש יושב ראש משותף עם שותף מהחברה האזרחית; השירות "
            "החברתי הלאומי והמרכזים האזוריים לשירותים חברתיים חברים בה עם זכות הצבעה."
        ),
    },
    "Working group on case management": {
        "name_uk": "Робоча група з ведення випадків",
        "name_he": "קבוצת העבודה לניהול מקרים",
        "purpose_uk": (
            "Погодити єдиний підхід до ведення випадків зі спільними інструментами та "
            "маршрутами перенаправлення, яким користуються служби у справах дітей і соціальні "
            "служби в кожній громаді."
        ),
        "purpose_he": (
            "להסכים על גישה אחת לניהול מקרים, עם כלים ומסלולי הפניה משותפים, שבה ישתמשו "
            "שירותי הילדים והשירותים החברתיים בכל רשות מקומית."
        ),
        "government_role_uk": (
            "Національна соціальна сервісна служба є співголовою; обласні служби у справах "
            "дітей входять до складу з правом голосу й випробовують інструменти у своїх "
            "громадах."
        ),
        "government_role_he": (
            "השירות החברתי הלאומי משמש יושב ראש משותף; שירותי הילדים המחוזיים חברים בה עם "
            "זכות הצבעה ובודקים את הכלים ברשויות שלהם."
        ),
    },
    "Working group on foster care": {
        "name_uk": "Робоча група з прийомного виховання",
        "name_he": "קבוצת העבודה לאומנה",
        "purpose_uk": (
            "Збільшити кількість прийомних сімей і дитячих будинків сімейного типу та дати "
            "вихователям підтримку, потрібну, щоб влаштування дітей були стабільними."
        ),
        "purpose_he": (
            "להגדיל את מספר משפחות האומנה ובתי הילדים מסוג משפחתי, ולתת למטפלים את התמיכה "
            "הדרושה כדי שההשמות יישארו יציבות."
        ),
        "government_role_uk": (
            "Обласні служби у справах дітей головують по черзі; Міністерство соціальної "
            "політики бере участь як спостерігач і передає пропозиції щодо нормативних актів "
            "до міністерства."
        ),
        "government_role_he": (
            "שירותי הילדים המחוזיים מכהנים כיושבי ראש ברוטציה; משרד המדיניות החברתית משתתף "
            "כמשקיף ומעביר הצעות לתקנות אל המשרד."
        ),
    },
    "Working group on financing": {
        "name_uk": "Робоча група з фінансування",
        "name_he": "קבוצת העבודה למימון",
        "purpose_uk": (
            "Перенаправити державні та донорські кошти із закладів інституційного догляду на "
            "підтримку сімей і сімейні форми виховання та зробити ці видатки прозорими."
        ),
        "purpose_he": (
            "להסיט כספים ציבוריים וכספי תורמים ממוסדות פנימייה לתמיכה במשפחות ולטיפול "
            "משפחתי, ולהפוך את ההוצאה הזו לשקופה."
        ),
        "government_role_uk": (
            "Міністерство соціальної політики та обласні фінансові департаменти входять до "
            "складу з правом голосу; Міністерство фінансів запрошують на засідання щодо "
            "бюджетних програм."
        ),
        "government_role_he": (
            "משרד המדיניות החברתית ומחלקות הכספים המחוזיות חברים בה עם זכות הצבעה; משרד "
            "האוצר מוזמן לישיבות על תוכניות תקציב."
        ),
    },
}

# Each oblast collective's coordination group, by the collective's slug.
OBLAST_GROUPS: dict[str, dict[str, str]] = {
    slug: {
        "name": f"{oblast} oblast coordination group",
        "name_uk": f"Координаційна група {genitive} області",
        "name_he": f"קבוצת התיאום של מחוז {hebrew}",
        "purpose": "Agrees oblast priorities and carries the national agenda into hromadas.",
        "purpose_uk": (
            "Погоджує пріоритети області й доносить національний порядок денний до громад."
        ),
        "purpose_he": (
            "מסכימה על סדרי העדיפויות של המחוז ומביאה את סדר היום הלאומי לרשויות המקומיות."
        ),
        "government_role": "The oblast military administration's children's service chairs.",
        "government_role_uk": "Головує служба у справах дітей обласної військової адміністрації.",
        "government_role_he": "בראשה עומד שירות הילדים של המינהל הצבאי המחוזי.",
    }
    for slug, oblast, genitive, hebrew in (
        ("ua-46", "Lviv", "Львівської", "לביב"),
        ("ua-63", "Kharkiv", "Харківської", "חרקיב"),
        ("ua-51", "Odesa", "Одеської", "אודסה"),
    )
}

# The collectives' names and descriptions in Ukrainian (and the national one's in Hebrew).
COLLECTIVE_TRANSLATIONS: dict[str, dict[str, str]] = {
    "ukraine": {
        "name_uk": "Українське об'єднання з реформи догляду за дітьми",
        "name_he": "הקולקטיב האוקראיני לרפורמה בטיפול בילדים",
        "description_uk": (
            "Національне об'єднання міністерств, державних служб, громадських організацій, "
            "донорів і громадських активістів, які підтримують Стратегію забезпечення права "
            "кожної дитини в Україні на зростання в сімейному середовищі на 2024–2028 роки. "
            "Разом вони прагнуть зменшити кількість дітей у закладах інституційного догляду, "
            "розвивати сімейні форми виховання, як-от прийомні сім'ї та дитячі будинки "
            "сімейного типу, і зміцнювати послуги, що допомагають сім'ям залишатися разом."
        ),
        "description_he": (
            "קולקטיב ארצי של משרדי ממשלה, שירותים ציבוריים, ארגונים לא ממשלתיים, קרנות "
            "ופעילים קהילתיים, הפועלים מאחורי האסטרטגיה להבטחת זכותו של כל ילד באוקראינה "
            "לגדול בסביבה משפחתית לשנים 2024–2028. יחד הם שואפים לצמצם את מספר הילדים "
            "במוסדות פנימייה, להרחיב את הטיפול המשפחתי, כמו משפחות אומנה ובתי ילדים מסוג "
            "משפחתי, ולחזק את השירותים המסייעים למשפחות להישאר יחד."
        ),
    },
    "ua-46": {
        "name_uk": "Львівське обласне об'єднання з реформи догляду за дітьми",
        "description_uk": (
            "Об'єднує обласну та міську служби у справах дітей, обласний центр соціальних "
            "служб і місцевих партнерів Львівщини, яка прихистила багато внутрішньо "
            "переміщених сімей і дітей, евакуйованих із закладів на сході. Його пріоритети — "
            "послуги підтримки сімей у кожній громаді та резерв прийомних батьків, готових "
            "невідкладно прийняти дитину."
        ),
    },
    "ua-63": {
        "name_uk": "Харківське обласне об'єднання з реформи догляду за дітьми",
        "description_uk": (
            "Працює у прифронтовій області, де заклади евакуювали у 2022 році, а служби й "
            "досі працюють під обстрілами. Партнери зосереджуються на поверненні дітей у "
            "сімейні форми виховання ближче до дому, психосоціальній підтримці та збереженні "
            "соціальних працівників у деокупованих громадах."
        ),
    },
    "ua-51": {
        "name_uk": "Одеське обласне об'єднання з реформи догляду за дітьми",
        "description_uk": (
            "Охоплює Одесу та багато сільських громад від Дунаю до межі з Миколаївщиною. "
            "Партнери розбудовують інклюзивні послуги для дітей з інвалідністю, зміцнюють "
            "родинну та прийомну форми виховання й поєднують дитячу лікарню із соціальними "
            "службами, щоб немовлят не залишали в лікарні."
        ),
    },
}
