package io.vigil.statuspage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.ApiException;
import io.vigil.audit.AuditEvent;
import io.vigil.audit.AuditLog;
import io.vigil.audit.Changes;
import io.vigil.audit.Revisions;
import io.vigil.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Status pages in the audit log and as revisions. The password never shows: a new one is {@code "password":
 * ["(secret)", "(secret)"]} (its hash compared, never kept); the derived {@code url} stays out of the diff.
 */
@ApplicationScoped
public class StatusPageHistory {

    /** Members of a page's view that a request does not take. */
    private static final List<String> READ_ONLY = List.of("id", "url", "passwordProtected", "createdAt", "updatedAt");

    @Inject
    AuditLog audit;
    @Inject
    ObjectMapper mapper;

    /** The entry for a change from {@code before} to {@code after} (null: none), with the password hashes around it. */
    AuditEvent event(Caller caller, String action, StatusPageView before, StatusPageView after, String oldHash,
                     String newHash) {
        StatusPageView object = after != null ? after : before;
        Changes changes = audit.diff(before, after).without("url").secret("password", oldHash, newHash);
        AuditEvent event = AuditEvent.of(caller.workspaceId(), caller.actor(), action, Revisions.STATUS_PAGE, object.id())
                .changes(changes);
        return after == null ? event.forgettingRevisions() : event.revision(audit.tree(after));
    }

    /** A kept revision as the body of a replace (no password: the page keeps its own). */
    StatusPageRequest restorable(JsonNode revision) {
        ObjectNode body = revision.deepCopy();
        body.remove(READ_ONLY);
        try {
            return mapper.treeToValue(body, StatusPageRequest.class);
        } catch (JsonProcessingException e) {
            throw ApiException.conflict("this revision no longer fits a status page: " + e.getOriginalMessage());
        }
    }
}
