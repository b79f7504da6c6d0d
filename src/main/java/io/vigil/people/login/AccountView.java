package io.vigil.people.login;

import io.smallrye.mutiny.Uni;
import io.vigil.auth.Caller;
import io.vigil.auth.TokenResource.CreatedToken;
import io.vigil.auth.Tokens;
import io.vigil.auth.passkey.Passkeys;
import io.vigil.auth.session.Session;
import io.vigil.auth.session.Sessions;
import io.vigil.people.WorkspaceService;
import io.vigil.people.login.AccountTemplates.Form;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/** The {@code /account} page as every account form answers with it: sessions, passkeys, tokens and the forms. */
@ApplicationScoped
class AccountView {

    @Inject
    Sessions sessions;
    @Inject
    Passkeys passkeys;
    @Inject
    Tokens tokens;
    @Inject
    WorkspaceService workspaces;
    @Inject
    AccountForms forms;

    /** The person behind a page session, as the services that the API shares see them. */
    static Caller caller(Session me, String client) {
        return new Caller(null, me.userId(), null, null, me.instanceAdmin(), client);
    }

    /**
     * The page; {@code error} marks field {@code invalid} (prefixed {@code token-} for the token form), {@code minted}
     * is a token just created, shown this once.
     */
    Uni<Response> render(int status, Session me, String client, String error, String invalid, String notice, CreatedToken minted) {
        Caller caller = caller(me, client);
        return sessions.list(me.userId(), me.id()).chain(list -> passkeys.list(me.userId()).chain(keys ->
                tokens.list(caller).chain(mine -> workspaces.mine(caller).map(spaces ->
                        Web.build(status, AccountTemplates.account(me, list, keys, mine, spaces, minted,
                                new Form(forms.issue("account", me), error, invalid), notice, forms.issue("logout", me)))))));
    }
}
