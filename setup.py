"""What pyproject.toml cannot say: the data directories at the top of the repository (country profiles, HS
tables, document templates, policies) ship inside the wheel as tradedesk/data/<directory>/, where an installed
TradeDesk finds them (tradedesk/data/__init__.py). Everything else about the package is in pyproject.toml."""

from setuptools import find_namespace_packages, setup

DATA_DIRECTORIES = ("country_profiles", "hs_data", "doc_templates", "policies")
#: files of the code's own packages that are not Python: schemas, templates, migrations' template, assets
PACKAGE_FILES = [
    "py.typed",
    "documents/xml/schemas/*.xsd",
    "documents/xml/cds_schemas/**/*.xsd",
    "documents/xml/cds_schemas/*.md",
    "documents/xml/*.yaml",
    "db/migrations/script.py.mako",
    "web/templates/*.html",
    "web/templates/**/*.html",
    "web/static/*",
    "api/templates/*.html",
    "api/static/*",
]


def data_packages() -> list[str]:
    """tradedesk.data.<directory>, and one package per subdirectory (country_profiles/world, ...)."""
    return [
        f"tradedesk.data.{name}{'.' + sub if sub else ''}"
        for name in DATA_DIRECTORIES
        for sub in ["", *find_namespace_packages(where=name)]
    ]


setup(
    packages=[*find_namespace_packages(include=["tradedesk*"], exclude=["*.__pycache__"]), *data_packages()],
    package_dir={f"tradedesk.data.{name}": name for name in DATA_DIRECTORIES},
    package_data={"tradedesk": PACKAGE_FILES, **{package: ["*"] for package in data_packages()}},
)
