"""Consent, exception and participation tables."""

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from service.accounts.tables import User
from service.cases.tables import Case
from service.directory.tables import Professional


class Consent(Table):
    """The person's agreement to share categories of information with institutions."""

    id: Serial
    case = ForeignKey(references=Case)
    categories = JSON(default="[]")
    institutions = JSON(default="[]")
    notice_version = Varchar(length=40)
    method = Varchar(length=20)  # signed_form, oral_witnessed, person_page
    collected_by = ForeignKey(references=User, null=True, default=None)
    collected_at = Timestamptz(default=TimestamptzNow())
    representative = Text(default="")
    valid_until = Date(null=True, default=None)
    # Withdrawal: full, or of some categories or institutions; the record itself stays.
    withdrawn_at = Timestamptz(null=True, default=None)
    fully_withdrawn = Boolean(default=False)
    withdrawn_categories = JSON(default="[]")
    withdrawn_institutions = JSON(default="[]")
    withdrawal_method = Varchar(length=20, default="")
    withdrawn_by = ForeignKey(references=User, null=True, default=None)


class SharingException(Table):
    """A coordinator's justified exception where consent cannot be sought."""

    id: Serial
    case = ForeignKey(references=Case)
    legal_basis = Varchar(length=200)
    reason = Text()
    categories = JSON(default="[]")
    institutions = JSON(default="[]")
    seek_consent_again_on = Date()
    recorded_by = ForeignKey(references=User, null=True, default=None)
    recorded_at = Timestamptz(default=TimestamptzNow())
    ended_at = Timestamptz(null=True, default=None)


class ParticipationRequest(Table):
    """The person's taking part in a rencontre: asked by the person or the référent, agreed by all."""

    id: Serial
    case = ForeignKey(references=Case)
    requested_by = Varchar(length=20)  # person, referent
    mode = Varchar(length=30)  # present, part, represented, written, absent_informed
    interpreter_language = Varchar(length=40, default="")
    accessible_room = Boolean(default=False)
    video = Boolean(default=False)
    companion = Text(default="")
    constraints = Text(default="")
    preferred_half_days = JSON(default="[]")
    conflict_flagged = Boolean(default=False)
    person_agreed = Boolean(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class ParticipationAgreement(Table):
    """One intervenant's agreement (or refusal) to the person's taking part."""

    id: Serial
    request = ForeignKey(references=ParticipationRequest)
    professional = ForeignKey(references=Professional)
    agreed = Boolean()
    at = Timestamptz(default=TimestamptzNow())
