package io.vigil.people.login;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vigil.auth.TokenResource.CreatedToken;
import io.vigil.auth.TokenResource.TokenView;
import io.vigil.auth.passkey.Passkeys;
import io.vigil.people.Memberships.WorkspaceView;
import io.vigil.auth.session.Session;
import io.vigil.auth.session.Session.View;

import java.util.List;

/** The account pages' templates ({@code templates/account/<name>.html}), sharing one layout ({@code account/base}). */
@CheckedTemplate(basePath = "account")
public final class AccountTemplates {

    private AccountTemplates() {
    }

    /** What every form page shows: a CSRF token, an error for the field marked {@code invalid}. */
    public record Form(String csrf, String error, String invalid) {

        /** Whether the marked field belongs to the form whose fields start with {@code prefix}. */
        public boolean about(String prefix) {
            return invalid != null && invalid.startsWith(prefix);
        }
    }

    static native TemplateInstance login(Form form, String email, String next, boolean signup, String sso, String ssoHref, String notice);

    static native TemplateInstance twoFactor(Form form, String next, boolean totp, boolean passkey);

    static native TemplateInstance forgot(Form form, String email);

    static native TemplateInstance forgotSent();

    static native TemplateInstance reset(Form form, String email);

    static native TemplateInstance signup(Form form, String email, String name);

    static native TemplateInstance signupSent(String email);

    static native TemplateInstance signupConfirm(Form form, String email);

    static native TemplateInstance account(Session me, List<View> sessions, List<Passkeys.View> passkeys,
                                           List<TokenView> tokens, List<WorkspaceView> workspaces, CreatedToken minted,
                                           Form form, String notice, String logoutCsrf);

    public static native TemplateInstance problem(String title, String message);
}
