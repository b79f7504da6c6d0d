package io.vigil.people.login;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
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
    }

    static native TemplateInstance login(Form form, String email, String next, boolean signup, boolean sso, String notice);

    static native TemplateInstance twoFactor(Form form, String next);

    static native TemplateInstance forgot(Form form, String email);

    static native TemplateInstance forgotSent();

    static native TemplateInstance reset(Form form, String email);

    static native TemplateInstance signup(Form form, String email, String name);

    static native TemplateInstance signupSent(String email);

    static native TemplateInstance signupConfirm(Form form, String email);

    static native TemplateInstance account(Session me, List<View> sessions, Form form, String notice, String logoutCsrf);

    public static native TemplateInstance problem(String title, String message);
}
