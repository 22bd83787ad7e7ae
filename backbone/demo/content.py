"""Demo content for a national children's care-reform collective in Ukraine.

Everything here is invented demo content: the NGOs, companies, groups, people's names and
websites do not describe real organisations or people. The exceptions are public bodies
(ministries, the National Social Service, oblast military administrations, city councils and
their services), which are named as they exist; their pages and activities here are
illustrative only.

Latin spellings follow the official KMU-2010 transliteration where there is no English name.
This module is pure data and imports nothing from Django.
"""

ORGANIZATIONS: list[dict] = [
    # --- National level (oblast None) -----------------------------------------------------
    {
        "name": "Міністерство соціальної політики України",
        "name_latin": "Ministry of Social Policy of Ukraine",
        "kind": "ministry",
        "sectors": ["social_protection", "child_protection", "alternative_care"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://www.msp.gov.ua",
    },
    {
        "name": "Міністерство освіти і науки України",
        "name_latin": "Ministry of Education and Science of Ukraine",
        "kind": "ministry",
        "sectors": ["education", "disability"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://mon.gov.ua",
    },
    {
        "name": "Міністерство охорони здоров'я України",
        "name_latin": "Ministry of Health of Ukraine",
        "kind": "ministry",
        "sectors": ["health", "mental_health"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://moz.gov.ua",
    },
    {
        "name": "Національна соціальна сервісна служба України",
        "name_latin": "National Social Service of Ukraine",
        "kind": "public_service",
        "sectors": ["social_protection", "child_protection"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://nssu.gov.ua",
    },
    {
        "name": "БО «Родина поруч»",
        "name_latin": "Family Nearby Charity",
        "kind": "ngo",
        "sectors": ["family_support", "alternative_care"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://rodynaporuch.org.ua",
    },
    {
        "name": "ГО «Мережа прийомних родин України»",
        "name_latin": "Foster Families Network of Ukraine",
        "kind": "ngo",
        "sectors": ["alternative_care", "family_support"],
        "oblast": None,
        "non_traditional": False,
        "tier": "medium",
        "website": "https://merezha-pryiomnykh-rodyn.org.ua",
    },
    {
        "name": "ГО «Спілка фахівців соціальної роботи»",
        "name_latin": "Union of Social Work Professionals",
        "kind": "ngo",
        "sectors": ["social_protection", "child_protection"],
        "oblast": None,
        "non_traditional": False,
        "tier": "medium",
        "website": "https://spilka-sotsrobota.org.ua",
    },
    {
        "name": "ГО «Голос молоді з досвідом опіки»",
        "name_latin": "Care-Experienced Youth Voice",
        "kind": "ngo",
        "sectors": ["alternative_care", "child_protection"],
        "oblast": None,
        "non_traditional": False,
        "tier": "small",
        "website": "https://holos-molodi.org.ua",
    },
    {
        "name": "ГО «Дитяча правова клініка»",
        "name_latin": "Children's Legal Clinic",
        "kind": "ngo",
        "sectors": ["justice", "child_protection"],
        "oblast": None,
        "non_traditional": False,
        "tier": "small",
        "website": "https://dytiacha-klinika.org.ua",
    },
    {
        "name": "БФ «Тепло вдома»",
        "name_latin": "Warm at Home Foundation",
        "kind": "ngo",
        "sectors": ["humanitarian", "housing", "family_support"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://teplovdoma.org.ua",
    },
    {
        "name": "Міжконфесійна місія «Дім милосердя»",
        "name_latin": "House of Mercy Interfaith Mission",
        "kind": "faith_based",
        "sectors": ["family_support", "humanitarian"],
        "oblast": None,
        "non_traditional": False,
        "tier": "medium",
        "website": "https://dim-myloserdia.org.ua",
    },
    {
        "name": "Український інститут досліджень дитинства",
        "name_latin": "Ukrainian Institute for Childhood Research",
        "kind": "academic",
        "sectors": ["child_protection", "education"],
        "oblast": None,
        "non_traditional": False,
        "tier": "small",
        "website": "https://childhood-research.org.ua",
    },
    {
        "name": "Фонд «Олдермур» для дітей",
        "name_latin": "Aldermoor Foundation for Children",
        "kind": "funder",
        "sectors": ["child_protection", "family_support", "alternative_care"],
        "oblast": None,
        "non_traditional": False,
        "tier": "large",
        "website": "https://aldermoor-foundation.org",
    },
    {
        "name": "Онлайн-видання «Про дітей»",
        "name_latin": "Pro Ditei online outlet",
        "kind": "media",
        "sectors": ["child_protection", "education"],
        "oblast": None,
        "non_traditional": False,
        "tier": "small",
        "website": "https://proditei.org.ua",
    },
    # --- Lviv oblast (UA-46) ----------------------------------------------------------------
    {
        "name": "Служба у справах дітей Львівської обласної військової адміністрації",
        "name_latin": "Children's Service of Lviv Oblast Military Administration",
        "kind": "local_authority",
        "sectors": ["child_protection", "alternative_care"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://loda.gov.ua",
    },
    {
        "name": "Департамент соціальної політики Львівської міської ради",
        "name_latin": "Department of Social Policy, Lviv City Council",
        "kind": "local_authority",
        "sectors": ["social_protection", "family_support"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "large",
        "website": "https://city-adm.lviv.ua",
    },
    {
        "name": "Львівський обласний центр соціальних служб",
        "name_latin": "Lviv Regional Centre of Social Services",
        "kind": "public_service",
        "sectors": ["family_support", "social_protection"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://ocss.lviv.gov.ua",
    },
    {
        "name": "ГО «Простір довіри»",
        "name_latin": "Space of Trust",
        "kind": "ngo",
        "sectors": ["mental_health", "child_protection"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "small",
        "website": "https://prostir-doviry.org.ua",
    },
    {
        "name": "ГО «Батьківський клуб Сихова»",
        "name_latin": "Sykhiv Parents' Club",
        "kind": "cbo",
        "sectors": ["disability", "family_support"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "volunteer",
        "website": "https://batkivskyi-klub-sykhiv.org.ua",
    },
    {
        "name": "Молодіжна спільнота парафії святого Андрія",
        "name_latin": "St Andrew's Parish Youth Community",
        "kind": "faith_based",
        "sectors": ["family_support", "mental_health"],
        "oblast": "UA-46",
        "non_traditional": True,
        "tier": "volunteer",
        "website": "https://andriivska-molod.org.ua",
    },
    {
        "name": "Соціальна пекарня «Свій хліб»",
        "name_latin": "Svii Khlib Social Bakery",
        "kind": "private",
        "sectors": ["livelihoods", "alternative_care"],
        "oblast": "UA-46",
        "non_traditional": True,
        "tier": "small",
        "website": "https://sviikhlib.lviv.ua",
    },
    {
        "name": "ТОВ «Левкод»",
        "name_latin": "Levkod LLC",
        "kind": "private",
        "sectors": ["education", "livelihoods"],
        "oblast": "UA-46",
        "non_traditional": True,
        "tier": "medium",
        "website": "https://levkod.com.ua",
    },
    {
        "name": "Коворкінг «Площа»",
        "name_latin": "Ploshcha Coworking",
        "kind": "private",
        "sectors": ["livelihoods", "education"],
        "oblast": "UA-46",
        "non_traditional": True,
        "tier": "small",
        "website": "https://ploshcha-cowork.lviv.ua",
    },
    {
        "name": "Фонд громади «Спільна справа»",
        "name_latin": "Common Cause Community Foundation",
        "kind": "funder",
        "sectors": ["livelihoods", "family_support"],
        "oblast": "UA-46",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://spilna-sprava.org.ua",
    },
    # --- Kharkiv oblast (UA-63) -------------------------------------------------------------
    {
        "name": "Служба у справах дітей Харківської обласної військової адміністрації",
        "name_latin": "Children's Service of Kharkiv Oblast Military Administration",
        "kind": "local_authority",
        "sectors": ["child_protection", "alternative_care"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://kharkivoda.gov.ua",
    },
    {
        "name": "Служба у справах дітей Харківської міської ради",
        "name_latin": "Children's Service of Kharkiv City Council",
        "kind": "local_authority",
        "sectors": ["child_protection", "family_support"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://www.city.kharkiv.ua",
    },
    {
        "name": "Харківський обласний центр соціальних служб",
        "name_latin": "Kharkiv Regional Centre of Social Services",
        "kind": "public_service",
        "sectors": ["family_support", "social_protection", "humanitarian"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://ocss.kharkiv.gov.ua",
    },
    {
        "name": "Інклюзивно-ресурсний центр № 3 Харківської міської ради",
        "name_latin": "Inclusive Resource Centre No. 3, Kharkiv City Council",
        "kind": "public_service",
        "sectors": ["disability", "education"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "small",
        "website": "https://irc3.city.kharkiv.ua",
    },
    {
        "name": "БО «Крок до дому»",
        "name_latin": "Step Home Charity",
        "kind": "ngo",
        "sectors": ["housing", "alternative_care"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://krokdodomu.org.ua",
    },
    {
        "name": "Орган самоорганізації населення «Олексіївка»",
        "name_latin": "Oleksiivka Residents' Self-Organisation Body",
        "kind": "cbo",
        "sectors": ["family_support", "humanitarian"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "volunteer",
        "website": "https://osn-oleksiivka.org.ua",
    },
    {
        "name": "Слобожанський університет соціальних наук",
        "name_latin": "Slobozhanshchyna University of Social Sciences",
        "kind": "academic",
        "sectors": ["education", "social_protection"],
        "oblast": "UA-63",
        "non_traditional": False,
        "tier": "large",
        "website": "https://susn.edu.ua",
    },
    {
        "name": "Дитяча футбольна академія ФК «Слобода»",
        "name_latin": "FC Sloboda Youth Football Academy",
        "kind": "private",
        "sectors": ["education", "mental_health"],
        "oblast": "UA-63",
        "non_traditional": True,
        "tier": "small",
        "website": "https://fc-sloboda-academy.kharkiv.ua",
    },
    {
        "name": "Волонтерські водії Салтівки",
        "name_latin": "Saltivka Volunteer Drivers",
        "kind": "informal",
        "sectors": ["humanitarian", "health"],
        "oblast": "UA-63",
        "non_traditional": True,
        "tier": "volunteer",
        "website": "",
    },
    # --- Odesa oblast (UA-51) ---------------------------------------------------------------
    {
        "name": "Служба у справах дітей Одеської обласної військової адміністрації",
        "name_latin": "Children's Service of Odesa Oblast Military Administration",
        "kind": "local_authority",
        "sectors": ["child_protection", "alternative_care"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://oda.odessa.gov.ua",
    },
    {
        "name": "Служба у справах дітей Одеської міської ради",
        "name_latin": "Children's Service of Odesa City Council",
        "kind": "local_authority",
        "sectors": ["child_protection", "family_support"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://omr.gov.ua",
    },
    {
        "name": "Одеська обласна дитяча клінічна лікарня",
        "name_latin": "Odesa Regional Children's Clinical Hospital",
        "kind": "public_service",
        "sectors": ["health", "disability"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "large",
        "website": "https://odkl.odesa.gov.ua",
    },
    {
        "name": "ГО «Сонячне коло»",
        "name_latin": "Sunny Circle",
        "kind": "ngo",
        "sectors": ["disability", "family_support"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "small",
        "website": "https://soniachne-kolo.org.ua",
    },
    {
        "name": "ГО «Сусідська допомога Черемушок»",
        "name_latin": "Cheremushky Neighbourhood Help",
        "kind": "cbo",
        "sectors": ["family_support", "humanitarian"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "volunteer",
        "website": "https://susidy-cheremushky.org.ua",
    },
    {
        "name": "Благодійна місія «Ковчег»",
        "name_latin": "Kovcheh Charity Mission",
        "kind": "faith_based",
        "sectors": ["humanitarian", "family_support"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "small",
        "website": "https://misiia-kovcheh.org.ua",
    },
    {
        "name": "БФ «Зерно добра»",
        "name_latin": "Grain of Kindness Foundation",
        "kind": "funder",
        "sectors": ["livelihoods", "family_support"],
        "oblast": "UA-51",
        "non_traditional": False,
        "tier": "medium",
        "website": "https://zerno-dobra.org.ua",
    },
    {
        "name": "Радіо «Хвиля Одеси»",
        "name_latin": "Radio Khvylia Odesy",
        "kind": "media",
        "sectors": ["humanitarian", "family_support"],
        "oblast": "UA-51",
        "non_traditional": True,
        "tier": "small",
        "website": "https://khvylia.od.ua",
    },
    {
        "name": "Ініціатива прийомних батьків Одещини",
        "name_latin": "Odesa Oblast Foster Parents' Initiative",
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
    "purpose": (
        "Sets the common agenda, agrees the shared measures and decides priorities and "
        "resources across the collective."
    ),
    "government_role": (
        "The Deputy Minister of Social Policy co-chairs with a civil-society member elected by "
        "partners; each of the three oblast military administrations holds one voting seat."
    ),
}

BACKBONE_TEAM = {
    "name": "Backbone team",
    "purpose": (
        "Coordinates the collective day to day: convenes the groups, keeps the shared data, "
        "supports communications and helps partners keep their activities aligned."
    ),
    "government_role": (
        "Public bodies do not sit on the team; a liaison officer at the Ministry of Social "
        "Policy meets the team every two weeks."
    ),
}

COMMUNITY_COUNCIL = {
    "name": "Community council",
    "purpose": (
        "Brings care leavers, birth parents, and foster and kinship carers into decisions, so "
        "that plans are tested against lived experience."
    ),
    "government_role": (
        "Officials attend by invitation to listen and answer questions; the council sends its "
        "recommendations to the steering committee, which must answer in writing."
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
