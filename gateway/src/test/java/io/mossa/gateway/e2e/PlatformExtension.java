package io.mossa.gateway.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the shared {@link Platform} before the first scenario class and stops it when the whole test run ends
 * (the root context's store closes what it holds last), so that every scenario class meets one started platform.
 */
final class PlatformExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Platform platform = Platform.shared();
        context.getRoot().getStore(ExtensionContext.Namespace.create(PlatformExtension.class))
                .computeIfAbsent(Platform.class, key -> platform, Platform.class);
    }
}
