package io.vigil.probe;

import io.smallrye.mutiny.Uni;
import io.vigil.api.FieldError;
import io.vigil.check.CheckRequest;
import io.vigil.check.CheckSpec;
import io.vigil.egress.GuardedHttpClient;
import io.vigil.egress.OutboundRequest;
import io.vigil.check.TypeMembers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.List;

/** {@code http} checks: one request through the guarded client, as the check describes it. */
@ApplicationScoped
@CheckType("http")
public class HttpProbe implements Probe {

    @Inject
    GuardedHttpClient client;

    @Override
    public TypeMembers validate(CheckRequest request, List<FieldError> errors) {
        String url = TypeMembers.url(request);
        TargetUrls.web(url, client.policy(), errors);
        return TypeMembers.probed(url);
    }

    @Override
    public Uni<ProbeObservation> run(CheckSpec check) {
        return client.send(request(check, client.options())).map(ProbeObservation::of);
    }

    static OutboundRequest request(CheckSpec check, GuardedHttpClient.Options options) {
        return new OutboundRequest(check.method(), URI.create(check.url()), check.headers(), check.body(),
                check.timeout(), check.followRedirects(), options.maxRedirects(), options.maxBodyBytes());
    }
}
