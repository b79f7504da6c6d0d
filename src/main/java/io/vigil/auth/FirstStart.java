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

/**
 * Creates workspace "default" on an instance without any and, from VIGIL_ADMIN_EMAIL / VIGIL_ADMIN_PASSWORD, the first
 * user, once: the instance admin, owner of the first workspace.
 */
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
        // Only on an instance without any workspace: "default" may since have been renamed or deleted by its owner.
        return Workspace.<Workspace>find("order by createdAt, id").firstResult()
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
                    u.email = User.normalizeEmail(config.admin().email().get());
                    u.name = u.email.substring(0, Math.max(0, u.email.indexOf('@')));
                    u.passwordHash = passwordHash;
                    u.instanceAdmin = true;
                    u.createdAt = clock.instant();
                    LOG.infof("Created the first user %s, instance admin and owner of workspace '%s'", u.email, ws.slug);
                    return u.persist().chain(() -> Membership.of(ws.id, u.id, Role.OWNER, u.createdAt).persist())
                            .replaceWithVoid();
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
