"""Journey: a council's director, new to the API, makes a token from their account page, reads
the region's counts with it as Power BI would (Sandwell named, the rest lettered, small
numbers suppressed), then revokes it and the next call is refused."""

from playwright.sync_api import expect

from tests.learning import scenario


def test_it_makes_a_token_reads_the_counts_and_revokes_it(cast, browser_as):
    scenario.build(cast)
    browser = browser_as
    browser.sign_in(cast.host_director)
    browser.click("link", "Sign-in and security")
    browser.click("link", "Manage your API tokens")
    expect(browser.heading()).to_have_text("Your API tokens")
    browser.click("link", "Make a token")
    browser.page.get_by_label("What is the token for?").fill("Power BI performance report")
    browser.click("button", "Make the token")
    expect(browser.heading()).to_have_text("Your token is ready")
    token = browser.page.get_by_label("Your token").input_value()
    assert token.startswith("ap_")

    counts_url = f"{browser.base}/api/v1/learning/counts?limit=500"
    answer = browser.page.request.get(counts_url, headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200, answer.text()
    counts = answer.json()
    councils = {row["council"] for row in counts["items"]}
    assert "Sandwell" in councils and not councils & {"Dudley", "Walsall"}
    assert any(row["suppressed"] and row["cases"] is None for row in counts["items"])
    sandwell_t1 = next(
        r for r in counts["items"] if r["council"] == "Sandwell" and r["theme_key"] == "t1"
    )
    assert sandwell_t1["met_percent"] == 82

    browser.click("link", "Back to your API tokens")
    tokens = browser.page.get_by_role("table", name="Your tokens")
    expect(tokens.get_by_role("row", name="Power BI performance report")).to_contain_text("Active")
    expect(
        browser.page.get_by_role("table", name="Your last calls to the API, newest first")
    ).to_contain_text("/api/v1/learning/counts")
    browser.click("link", "Revoke Power BI performance report")
    browser.click("button", "Revoke the token")
    tokens = browser.page.get_by_role("table", name="Your tokens")
    expect(tokens.get_by_role("row", name="Power BI performance report")).to_contain_text("Revoked")
    refused = browser.page.request.get(counts_url, headers={"Authorization": f"Bearer {token}"})
    assert refused.status == 401
    assert "revoked" in refused.json()["detail"]
