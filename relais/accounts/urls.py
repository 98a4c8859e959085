"""Joining a school's team: the invitation sent to the school's official address (under /join/),
and the team page of the school's direction."""

from django.urls import path

from relais.accounts import join_views, team_views

app_name = "join"
urlpatterns = [
    # The token is in the query string or the POST body, never in the path.
    path("", join_views.join_view, name="join"),
    path("team/", team_views.team_view, name="team"),
    path("team/invite/", team_views.invite_view, name="invite"),
    path("team/<int:member_id>/deactivate/", team_views.deactivate_view, name="deactivate"),
    path("team/<int:member_id>/reactivate/", team_views.reactivate_view, name="reactivate"),
    path(
        "team/invitations/<uuid:invitation_id>/withdraw/",
        team_views.withdraw_view,
        name="withdraw",
    ),
]
