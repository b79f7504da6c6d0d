package io.vigil.statuspage.subscribe;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vigil.api.FieldError;
import io.vigil.notify.Attempt;
import io.vigil.notify.Channel;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.ChannelType;
import io.vigil.notify.Message;
import io.vigil.notify.Notification;
import io.vigil.notify.NotifyConfig;
import io.vigil.notify.Setting;
import io.vigil.notify.email.EmailChannel;
import io.vigil.notify.email.Smtp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/**
 * A visitor who subscribed to a status page by e-mail: first the double opt-in request, then, once confirmed, the
 * page's incident updates ({@link SubscriberMessages}) with a one-click unsubscribe (RFC 8058 {@code List-Unsubscribe}
 * and {@code List-Unsubscribe-Post}). Same SMTP server and deadline as the {@code email} channel.
 */
@ApplicationScoped
@ChannelType(SubscriberEmailChannel.TYPE)
public class SubscriberEmailChannel implements Channel {

    public static final String TYPE = "page-email";
    static final String EMAIL = "email";

    @Inject
    ReactiveMailer mailer;
    @Inject
    NotifyConfig config;
    @Inject
    SubscriberLinks links;

    @Override
    public List<Setting> settings() {
        return List.of(Setting.requiredSecret(EMAIL), Setting.required(SubscriberLinks.PAGE, Setting.Kind.TEXT),
                Setting.required(SubscriberLinks.SUBSCRIPTION, Setting.Kind.TEXT));
    }

    @Override
    public void validate(ChannelSettings settings, List<FieldError> errors) {
        String email = settings.text(EMAIL);
        String problem = email == null ? "is required" : EmailChannel.addressProblem(email);
        if (problem != null) {
            errors.add(new FieldError(EMAIL, problem));
        } else {
            settings.put(EMAIL, email.trim());
        }
    }

    @Override
    public boolean internal() {
        return true;
    }

    @Override
    public Uni<Attempt> send(ChannelSettings settings, Message message) {
        UUID subscription = SubscriberLinks.subscription(settings);
        return links.page(settings).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Attempt.failed(null, 0, null, "the status page no longer exists"));
            }
            SubscriberMessages.PageFacts page = found.get();
            String unsubscribe = links.unsubscribeUrl(page.url(), subscription);
            SubscriberMessages.Email email = Notification.SUBSCRIPTION_CONFIRM.equals(message.first().type())
                    ? SubscriberMessages.confirmation(page, links.confirmUrl(page, subscription))
                    : SubscriberMessages.incidents(page, message, unsubscribe);
            Mail mail = new Mail().addTo(settings.text(EMAIL)).setSubject(email.subject()).setText(email.text())
                    .setHtml(email.html())
                    .addHeader("Auto-Submitted", "auto-generated")
                    .addHeader("X-Vigil-Event", message.id());
            if (!Notification.SUBSCRIPTION_CONFIRM.equals(message.first().type())) {
                mail.addHeader("List-Unsubscribe", "<" + unsubscribe + ">")
                        .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            return Smtp.send(mailer, mail, config.timeout());
        });
    }
}
