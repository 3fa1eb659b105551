"""Version 1 of the national framework and the national course catalogue.

A fresh system must know what it takes to sit and to chair, so the first published version
ships with the code; national administrators change it by publishing later versions.
"""

from django.db import migrations

COMPETENCIES = [
    # key, name, award module
    ("module-1", "The children's hearings system", 1),
    ("module-2", "Making decisions in hearings", 2),
    ("module-3", "Management of Hearings", 3),
    ("pvg", "PVG scheme membership", None),
    ("mandatory", "Mandatory training (child protection and data protection)", None),
    ("knowledge-law", "Knowledge of the law and the hearings system", None),
    ("child-centred", "Child-centred practice", None),
    ("communication", "Communication and listening", None),
    ("reasoned-decisions", "Reasoned decision making", None),
    ("fairness", "Fairness, impartiality and respect", None),
    ("chairing", "Chairing a hearing", None),
]

AREAS = [
    (
        "Knowledge",
        "What a member needs to know.",
        [
            ("knowledge-law", "Understands the law, the grounds and the options open to a hearing.", True),
            ("module-1", "Has completed award module 1.", False),
            ("module-2", "Has completed award module 2.", False),
            ("module-3", "Has completed award module 3, Management of Hearings.", False),
            ("mandatory", "Keeps mandatory training in date.", False),
            ("pvg", "Is a current member of the PVG scheme.", False),
        ],
    ),
    (
        "Practice in the hearing",
        "How a member takes part in a hearing.",
        [
            ("child-centred", "Keeps the child at the centre; seeks and considers their views.", True),
            ("communication", "Speaks plainly, listens actively and checks understanding.", True),
            ("reasoned-decisions", "Reaches and explains decisions on the evidence and the law.", True),
            ("fairness", "Treats everyone fairly and with respect; manages own bias.", True),
            ("chairing", "Leads the hearing fairly, keeps to time and the law (chairs only).", True),
        ],
    ),
]

REQUIREMENTS = [
    ("sit", "appointed", None, None),
    ("sit", "pvg", None, None),
    ("sit", "competency", "module-1", None),
    ("sit", "competency", "module-2", None),
    ("sit", "competency", "mandatory", None),
    ("chair", "competency", "module-3", None),
    ("chair", "service", None, 12),
]

COURSES = [
    # code, title, kind, grants, validity months, prerequisites
    ("pre-service", "Pre-service training", "pre_service", ["module-1", "module-2"], None, []),
    ("award-module-3", "Management of Hearings (award module 3)", "award_module", ["module-3"], None, ["module-1", "module-2"]),
    ("mandatory", "Mandatory training: child protection and data protection", "mandatory", ["mandatory"], 36, []),
    ("core-decisions", "Core: reasoned decisions", "core", ["reasoned-decisions"], None, ["module-2"]),
    ("refresher-chairing", "Refresher: chairing", "refresher", ["chairing"], 36, ["module-3"]),
]


def forwards(apps, schema_editor):
    Competency = apps.get_model("training", "Competency")
    Framework = apps.get_model("training", "Framework")
    CompetencyArea = apps.get_model("training", "CompetencyArea")
    CompetencyStandard = apps.get_model("training", "CompetencyStandard")
    Requirement = apps.get_model("training", "Requirement")
    Course = apps.get_model("training", "Course")
    if Framework.objects.exists():
        return
    competencies = {
        key: Competency.objects.create(key=key, name=name, award_module=module)
        for key, name, module in COMPETENCIES
    }
    framework = Framework.objects.create(
        version=1,
        status="published",
        summary="The national standards every panel member is trained and monitored against.",
    )
    for area_order, (area_name, description, standards) in enumerate(AREAS):
        area = CompetencyArea.objects.create(
            framework=framework, name=area_name, description=description, order=area_order
        )
        for order, (key, descriptor, observable) in enumerate(standards):
            CompetencyStandard.objects.create(
                framework=framework,
                area=area,
                competency=competencies[key],
                name=competencies[key].name,
                descriptor=descriptor,
                observable=observable,
                order=order,
            )
    for purpose, kind, key, months in REQUIREMENTS:
        Requirement.objects.create(
            framework=framework,
            purpose=purpose,
            kind=kind,
            competency=competencies[key] if key else None,
            months=months,
        )
    for code, title, kind, grants, validity, prerequisites in COURSES:
        course = Course.objects.create(code=code, title=title, kind=kind, validity_months=validity)
        course.grants.set([competencies[k] for k in grants])
        course.prerequisites.set([competencies[k] for k in prerequisites])


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
