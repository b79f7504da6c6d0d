package io.vigil.result;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigil.check.CheckOwnedData;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * Rollups have no foreign key to checks on purpose (a late result for a deleted check must not fail a whole batch),
 * so they go with the check, in its deleting transaction; raw results age out with their partitions.
 */
@ApplicationScoped
public class RollupsOfDeletedChecks implements CheckOwnedData {

    @Override
    public Uni<Void> deleteFor(UUID checkId) {
        return Panache.getSession().chain(session -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String unit : List.of("minute", "hour", "day")) {
                chain = chain.chain(() -> session.createNativeQuery("DELETE FROM rollups_" + unit + " WHERE check_id = :id")
                        .setParameter("id", checkId).executeUpdate()).replaceWithVoid();
            }
            return chain;
        });
    }
}
