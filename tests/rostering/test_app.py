"""The members' installable web app: manifest, service worker and who gets them."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_manifest_is_served_from_the_root(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/my/sittings/"
    assert manifest["display"] == "standalone"
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}
    assert any(i.get("purpose") == "maskable" for i in manifest["icons"])


def test_the_service_worker_may_control_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert 'const OFFLINE_PAGES = ["/my/sittings/"];' in body
    assert 'url.pathname.startsWith("/static/")' in body


def test_both_refuse_post(client):
    assert client.post("/sw.js").status_code == 405
    assert client.post("/manifest.webmanifest").status_code == 405


def test_only_a_member_is_offered_the_app(client_for, member, admin_east, client):
    anonymous = client.get(reverse("account_login"))
    assert anonymous["X-Signed-In"] == "0"
    assert b"data-service-worker" not in anonymous.content
    assert b"data-signed-out" in anonymous.content
    assert b'rel="manifest"' not in anonymous.content
    page = client_for(member).get(reverse("dashboard"))
    assert page["X-Signed-In"] == "1"
    assert b'data-service-worker="/sw.js"' in page.content
    assert b'rel="manifest" href="/manifest.webmanifest"' in page.content
    staff = client_for(admin_east).get(reverse("dashboard"))
    assert b"data-service-worker" not in staff.content


def test_my_sittings_is_marked_for_offline_reading_and_nothing_else_is(client_for, member):
    client = client_for(member)
    assert client.get(reverse("rostering:my_sittings"))["X-Member-Page"] == "offline"
    assert "X-Member-Page" not in client.get(reverse("rostering:availability"))
