"""Recruitment forms, one module per process: the application, references, campaigns and
selection. Everything is re-exported here, so views use `forms.recruitment.<Name>`."""

from .application import (
    EQUALITY_CHOICES,
    INELIGIBLE_EXPLANATIONS,
    PREFER_NOT,
    RELATIONSHIPS,
    AreasForm,
    AvailabilityForm,
    ConsentForm,
    DeclarationsForm,
    DeletionRequestForm,
    EligibilityForm,
    EqualityForm,
    InterestForm,
    PersonalForm,
    RefereesForm,
    StatementsForm,
    WithdrawForm,
)
from .campaigns import CampaignEventForm, CampaignForm
from .references import ReferenceForm
from .selection import BulkActionForm, PipelineFilterForm, PvgForm, ScoreForm, TransitionForm

__all__ = [
    "EQUALITY_CHOICES",
    "INELIGIBLE_EXPLANATIONS",
    "PREFER_NOT",
    "RELATIONSHIPS",
    "AreasForm",
    "AvailabilityForm",
    "BulkActionForm",
    "CampaignEventForm",
    "CampaignForm",
    "ConsentForm",
    "DeclarationsForm",
    "DeletionRequestForm",
    "EligibilityForm",
    "EqualityForm",
    "InterestForm",
    "PersonalForm",
    "PipelineFilterForm",
    "PvgForm",
    "RefereesForm",
    "ReferenceForm",
    "ScoreForm",
    "StatementsForm",
    "TransitionForm",
    "WithdrawForm",
]
