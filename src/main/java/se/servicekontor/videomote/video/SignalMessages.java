package se.servicekontor.videomote.video;

import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The signaling protocol of the built-in provider. A peer may send {@code offer} and {@code answer} ({@code sdp}),
 * {@code candidate} ({@code candidate}: an RTCIceCandidateInit, or null when gathering is complete) and
 * {@code bye}. Only those fields go on, with {@code from} (the sender's side) and {@code peer} (its connection), so
 * the relay cannot be used as a channel for anything else. The server sends {@code welcome}, {@code peer-joined},
 * {@code peer-left}, {@code error}, and {@code bye} from {@code server} when the session ends.
 */
final class SignalMessages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SignalMessages() {
    }

    /** A message for the other side, or the reason it cannot be relayed. */
    record Parsed(ObjectNode relayed, String problem) {
    }

    static Parsed parse(ObjectMapper json, String text, Side from, UUID peer) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            return invalid("not well-formed JSON");
        }
        if (root == null || !root.isObject() || !root.path("type").isTextual()) {
            return invalid("a message is a JSON object with a type");
        }
        String type = root.get("type").asText();
        ObjectNode out = NODES.objectNode().put("type", type).put("from", from.wire()).put("peer", peer.toString());
        switch (type) {
            case "offer", "answer" -> {
                JsonNode sdp = root.path("sdp");
                if (!sdp.isTextual() || sdp.asText().isBlank()) {
                    return invalid(type + " needs sdp");
                }
                out.put("sdp", sdp.asText());
            }
            case "candidate" -> {
                JsonNode candidate = root.path("candidate");
                if (candidate.isMissingNode() || candidate.isNull()) {
                    out.putNull("candidate");
                } else {
                    ObjectNode init = candidate(candidate);
                    if (init == null) {
                        return invalid("candidate must be an RTCIceCandidateInit or null");
                    }
                    out.set("candidate", init);
                }
            }
            case "bye" -> {
                // nothing more: the other side hangs up its peer connection
            }
            default -> {
                return invalid("type must be offer, answer, candidate or bye");
            }
        }
        return new Parsed(out, null);
    }

    private static ObjectNode candidate(JsonNode in) {
        if (!in.isObject() || !in.path("candidate").isTextual()) {
            return null;
        }
        ObjectNode out = NODES.objectNode().put("candidate", in.get("candidate").asText());
        JsonNode mid = in.path("sdpMid");
        if (mid.isTextual()) {
            out.put("sdpMid", mid.asText());
        } else if (!mid.isMissingNode() && !mid.isNull()) {
            return null;
        }
        JsonNode index = in.path("sdpMLineIndex");
        if (index.isInt() && index.asInt() >= 0 && index.asInt() <= 65535) {
            out.put("sdpMLineIndex", index.asInt());
        } else if (!index.isMissingNode() && !index.isNull()) {
            return null;
        }
        JsonNode ufrag = in.path("usernameFragment");
        if (ufrag.isTextual()) {
            out.put("usernameFragment", ufrag.asText());
        } else if (!ufrag.isMissingNode() && !ufrag.isNull()) {
            return null;
        }
        return out;
    }

    private static Parsed invalid(String problem) {
        return new Parsed(null, problem);
    }

    static String welcome(UUID sessionId, Side side, UUID you, UUID peer) {
        ObjectNode out = NODES.objectNode().put("type", "welcome").put("sessionId", sessionId.toString())
                .put("side", side.wire()).put("you", you.toString());
        if (peer == null) {
            out.putNull("peer");
        } else {
            out.put("peer", peer.toString());
        }
        return out.toString();
    }

    static ObjectNode presence(String type, Side side, UUID peer) {
        return NODES.objectNode().put("type", type).put("from", side.wire()).put("peer", peer.toString());
    }

    static String error(String problem) {
        return NODES.objectNode().put("type", "error").put("error", "invalid-message").put("detail", problem).toString();
    }
}
