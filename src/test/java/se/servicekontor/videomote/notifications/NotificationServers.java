package se.servicekontor.videomote.notifications;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real servers for the notification tests: GreenMail speaks SMTP, WireMock stands in for the SMS provider's HTTP API.
 * Both listen on free ports, which the service is pointed at.
 */
public class NotificationServers implements QuarkusTestResourceLifecycleManager {

    public static final String SMS_TOKEN = "test-sms-token";

    private static GreenMail mail;
    private static WireMockServer sms;

    public static GreenMail mail() {
        return mail;
    }

    public static WireMockServer sms() {
        return sms;
    }

    @Override
    public Map<String, String> start() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        sms = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(20));
        sms.start();
        acceptEverySms();
        return Map.of(
                "quarkus.mailer.mock", "false",
                "videomote.notifications.email.enabled", "true",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(mail.getSmtp().getPort()),
                "videomote.notifications.sms.base-url", "http://127.0.0.1:" + sms.port() + "/v1",
                "videomote.notifications.sms.token", SMS_TOKEN,
                "videomote.notifications.sms.sender", "Servicekont");
    }

    /** The provider's normal answer: 202 with its message id. Tests add stubs of higher priority per phone number. */
    public static void acceptEverySms() {
        sms.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v1/messages")).atPriority(10)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(202)
                        .withHeader("Content-Type", "application/json").withBody("{\"id\":\"accepted\"}")));
    }

    @Override
    public void stop() {
        if (sms != null) {
            sms.stop();
        }
        if (mail != null) {
            mail.stop();
        }
    }
}
