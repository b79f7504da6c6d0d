package io.vigil.notify.ntfy;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * ntfy's JSON publish body (docs.ntfy.sh/publish/#publish-as-json); without a console link there is no {@code click}
 * and, without any link, no {@code actions}.
 */
record NtfyMessage(String topic, String title, String message, int priority, List<String> tags,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String click,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<Action> actions) {

    /** A {@code view} action button: opens the URL. */
    record Action(String action, String label, String url) {
        static Action view(String label, String url) {
            return new Action("view", label, url);
        }
    }
}
