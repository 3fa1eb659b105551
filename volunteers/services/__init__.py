from .changes import ChangePreview, OrganisationChange, apply_change, preview_change
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
    "ChangePreview",
    "OrganisationChange",
    "apply_change",
    "preview_change",
    "create_centre",
    "create_region",
    "create_rota",
    "grant_role",
    "merge_regions",
    "merge_rotas",
    "move_centre",
    "redraw_region_councils",
    "redraw_rota",
    "rename_region",
    "revoke_role",
    "set_organisation_model",
    "update_centre",
    "update_rota",
]
