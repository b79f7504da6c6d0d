package io.vigil.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's own answers when there is no page to show: a refusal, or a person without a workspace. */
public final class ConsoleProblem {

    private ConsoleProblem() {
    }

    @CheckedTemplate
    public static class Templates {
        /** {@code desk} may be null (no workspace chosen yet): the page then has no navigation. */
        public static native TemplateInstance problem(Desk desk, String title, String message);

        public static native TemplateInstance noWorkspace(String email);
    }
}
