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
     * @param automatic      whether Vigil opened it (an outage of its check)
     * @param componentNames the page's components showing its check
     */
    public static String of(String title, boolean automatic, List<String> componentNames) {
        if (!automatic) {
            return title;
        }
        List<String> names = componentNames.stream().distinct().toList();
        return names.isEmpty() ? "Service disruption" : IncidentLedger.outageTitle(String.join(", ", names));
    }
}
