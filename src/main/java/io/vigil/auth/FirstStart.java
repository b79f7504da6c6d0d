package io.vigil.auth;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vigil.VigilConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.UUID;

/** Creates workspace "default" and, from VIGIL_ADMIN_EMAIL / VIGIL_ADMIN_PASSWORD, its owner, once. */
@Singleton
public class FirstStart {

    private static final Logger LOG = Logger.getLogger(FirstStart.class);

    @Inject
    VigilConfig config;
    @Inject
    Clock clock;

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (config.agentMode()) {
            return;
        }
        // Hash before touching the database: argon2 is deliberately slow and must not run on the event loop.
        String hash = config.admin().password().filter(p -> !p.isBlank()).map(Secrets::hashPassword).orElse(null);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> ensure(hash)));
    }

    private Uni<Void> ensure(String passwordHash) {
        return Workspace.<Workspace>find("slug", Workspace.DEFAULT_SLUG).firstResult()
                .chain(ws -> ws != null ? Uni.createFrom().item(ws) : createWorkspace())
                .chain(ws -> User.count().chain(users -> {
                    if (users > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    if (config.admin().email().isEmpty() || passwordHash == null) {
                        LOG.warn("No user exists yet: set VIGIL_ADMIN_EMAIL and VIGIL_ADMIN_PASSWORD and restart to create the first one");
                        return Uni.createFrom().voidItem();
                    }
                    User u = new User();
                    u.id = UUID.randomUUID();
                    u.workspaceId = ws.id;
                    u.email = config.admin().email().get().trim().toLowerCase();
                    u.passwordHash = passwordHash;
                    u.role = Role.OWNER.wire();
                    u.createdAt = clock.instant();
                    LOG.infof("Created the first user %s, owner of workspace '%s'", u.email, ws.slug);
                    return u.persist().replaceWithVoid();
                }));
    }

    private Uni<Workspace> createWorkspace() {
        Workspace ws = new Workspace();
        ws.id = UUID.randomUUID();
        ws.slug = Workspace.DEFAULT_SLUG;
        ws.name = "Default";
        ws.createdAt = clock.instant();
        return ws.persist();
    }
}
