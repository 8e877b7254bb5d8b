package io.mossa.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Host ports the stack test publishes on: free ones, never the 8080/9090 a user's own MOSSA may hold. */
final class StackPorts {

    private StackPorts() {
    }

    static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
