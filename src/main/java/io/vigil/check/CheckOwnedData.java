package io.vigil.check;

import io.smallrye.mutiny.Uni;

import java.util.UUID;

/**
 * Data another feature keeps per check without a foreign key to it, which goes when the check goes. Every bean is
 * called inside the transaction that deletes the check (on the current Hibernate Reactive session).
 */
public interface CheckOwnedData {

    Uni<Void> deleteFor(UUID checkId);
}
