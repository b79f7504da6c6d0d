package io.vigil.statuspage;

import io.vigil.incident.IncidentLedger;

import java.util.List;

/**
 * What a public page calls an incident. A person's title is shown as written; an outage Vigil opened itself is titled
 * after the check ("internal-api-probe is down"), whose name is the operators' and not the page's, so the page names
 * its own components instead ("Checkout is down").
 */
public final class PublicTitle {

    private PublicTitle() {
    }

    /**
     * @param title          the incident's title
     * @param checkName      the name of its check (null without one)
     * @param componentNames the page's components showing that check
     */
    public static String of(String title, String checkName, List<String> componentNames) {
        if (checkName == null || !title.equals(IncidentLedger.outageTitle(checkName))) {
            return title;
        }
        List<String> names = componentNames.stream().distinct().toList();
        return names.isEmpty() ? "Service disruption" : IncidentLedger.outageTitle(String.join(", ", names));
    }
}
