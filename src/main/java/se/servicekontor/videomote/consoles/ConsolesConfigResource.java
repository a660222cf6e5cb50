package se.servicekontor.videomote.consoles;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the browser consoles need to know before signing in: whether and where to sign in with OpenID Connect. */
@Path("/app/config.json")
@Tag(name = "Consoles")
public class ConsolesConfigResource {

    /** The OpenID Connect settings of the staff screens; no secret (the consoles are a public client with PKCE). */
    public record OidcView(String issuer, String clientId, String scope, String tokenField) {
    }

    /** {@code oidc} is absent where no issuer is configured. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsolesConfigView(OidcView oidc) {
    }

    private final ConsolesConfigView view;

    ConsolesConfigResource(ConsolesConfig config) {
        ConsolesConfig.Oidc oidc = config.oidc();
        this.view = new ConsolesConfigView(oidc.issuer().filter(s -> !s.isBlank())
                .map(issuer -> new OidcView(issuer, oidc.clientId(), oidc.scope(), oidc.tokenField())).orElse(null));
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign-in settings of the browser consoles",
            description = "Read by /desk/, /officer/ and /admin/ before signing in: the OpenID Connect issuer, client "
                    + "id and scope for authorization code + PKCE in the browser, if one is configured.")
    @APIResponse(responseCode = "200", description = "The settings",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsolesConfigView.class)))
    public ConsolesConfigView config() {
        return view;
    }
}
