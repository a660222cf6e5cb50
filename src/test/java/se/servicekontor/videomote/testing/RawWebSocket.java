package se.servicekontor.videomote.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.restassured.RestAssured;

/**
 * A WebSocket client that completes the handshake and then does nothing: never reads, never answers a ping. The
 * shape of a stuck kiosk or a vanished laptop.
 */
public final class RawWebSocket implements AutoCloseable {

    private final Socket socket;

    private RawWebSocket(Socket socket) {
        this.socket = socket;
    }

    public static RawWebSocket open(String path, String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // fixed and small: the kernel will not buffer much for us
        socket.connect(new java.net.InetSocketAddress("localhost", RestAssured.port), 5000);
        String key = Base64.getEncoder().encodeToString("videomote-test-key".getBytes(StandardCharsets.US_ASCII)).substring(0, 22) + "==";
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Connection closed during handshake: " + head);
            }
            head.write(b);
        }
        if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            throw new IOException("Upgrade refused: " + head);
        }
        return new RawWebSocket(socket);
    }

    /**
     * Reads every frame until the server's close frame and returns its code, or -1 when the connection ends without
     * one.
     */
    public int readUntilClose() throws IOException {
        socket.setSoTimeout(30_000);
        InputStream in = socket.getInputStream();
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                return -1;
            }
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            byte[] payload = in.readNBytes((int) length);
            if ((b0 & 0x0f) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
