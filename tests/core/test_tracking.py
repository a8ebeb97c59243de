def test_the_old_proposal_tracking_address_sends_people_to_the_portal_tracking_page(client):
    response = client.get("/propuestas/seguimiento/", {"codigo": "PR-AAAA-AAAA"})
    assert response.status_code == 302
    assert response["Location"] == "/seguimiento/?codigo=PR-AAAA-AAAA"
