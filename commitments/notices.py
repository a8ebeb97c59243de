"""Who hears what a commitment does: the people whose proposals it came from, and its
followers. Called inside the transaction of the change (core.notifications queues after commit)."""

from core import notifications


def _proposers(commitment):
    return [
        p
        for p in commitment.proposals.exclude(proposer_email="").order_by("pk")
        if p.proposer_email
    ]


def proposal_became_commitment(commitment, proposal) -> None:
    if proposal.proposer_email:
        notifications.notify(
            key=f"commitment:{commitment.pk}:from-proposal:{proposal.pk}",
            to=proposal.proposer_email,
            template="commitments/email/from_proposal",
            objects={"commitment": commitment, "proposal": proposal},
            values={"follow_url": notifications.follow_url(proposal.proposer_email, commitment)},
            language=proposal.language,
        )
    notifications.notify_followers(
        obj=proposal,
        key=f"commitment:{commitment.pk}:from-proposal:{proposal.pk}",
        template="commitments/email/from_proposal",
        objects={"commitment": commitment, "proposal": proposal},
        skip=[proposal.proposer_email],
    )


def _tell(commitment, *, key, template, objects, values=None):
    told = []
    for proposal in _proposers(commitment):
        notifications.notify(
            key=f"{key}:proposer:{proposal.pk}",
            to=proposal.proposer_email,
            template=template,
            objects={**objects, "proposal": proposal},
            values=values,
            language=proposal.language,
        )
        told.append(proposal.proposer_email)
    notifications.notify_followers(
        obj=commitment, key=key, template=template, objects=objects, values=values, skip=told
    )


def milestone_progressed(change) -> None:
    milestone = change.milestone
    commitment = milestone.commitment
    _tell(
        commitment,
        key=f"progress:{change.pk}",
        template="commitments/email/progress",
        objects={"commitment": commitment, "milestone": milestone, "change": change},
    )


def commitment_completed(commitment) -> None:
    _tell(
        commitment,
        key=f"commitment:{commitment.pk}:completed",
        template="commitments/email/completed",
        objects={"commitment": commitment},
    )
