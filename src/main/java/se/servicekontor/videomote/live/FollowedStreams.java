package se.servicekontor.videomote.live;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Streams a connection follows besides its own, such as an agency's national waiting counts on an officer's
 * connection. Their events are state (each replaces the previous), so a connection that resumes gets the latest one
 * again and then every new one, while its own stream resumes exactly.
 */
public interface FollowedStreams {

    Uni<List<String>> streams(SqlClient client, Audience audience, String key);
}
