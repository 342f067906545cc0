"""Health data for the course: real open datasets, a synthetic French hospital cohort, CIM-10.

Everything loads offline from files committed in ``data/`` (checked against SHA-256
manifests) or is generated deterministically. See ``data/README.md`` for the data cards.
"""

from iasante.data.cohort import (
    DEFAULT_SEED,
    generate_cohort,
    regenerate_default_cohort,
    write_cohort,
)
from iasante.data.integrity import (
    DataFileAlteredError,
    DataFileError,
    DataFileMissingError,
    data_dir,
)
from iasante.data.loaders import (
    load_breast_cancer_fr,
    load_cim10,
    load_cohort,
    load_cohort_raw,
    load_covid_testing,
    load_pima,
    modelling_table,
)

__all__ = [
    "DEFAULT_SEED",
    "DataFileAlteredError",
    "DataFileError",
    "DataFileMissingError",
    "data_dir",
    "generate_cohort",
    "load_breast_cancer_fr",
    "load_cim10",
    "load_cohort",
    "load_cohort_raw",
    "load_covid_testing",
    "load_pima",
    "modelling_table",
    "regenerate_default_cohort",
    "write_cohort",
]
