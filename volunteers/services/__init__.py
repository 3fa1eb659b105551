from .jobs import fail_job, finish_job, set_job_progress, start_job
from .organisation import (
    create_centre,
    create_region,
    create_rota,
    merge_regions,
    merge_rotas,
    move_centre,
    redraw_region_councils,
    redraw_rota,
    rename_region,
    set_organisation_model,
    update_centre,
    update_rota,
)
from .roles import grant_role, revoke_role

__all__ = [
    "create_centre",
    "create_region",
    "create_rota",
    "fail_job",
    "finish_job",
    "grant_role",
    "merge_regions",
    "merge_rotas",
    "move_centre",
    "redraw_region_councils",
    "redraw_rota",
    "rename_region",
    "revoke_role",
    "set_job_progress",
    "set_organisation_model",
    "start_job",
    "update_centre",
    "update_rota",
]
