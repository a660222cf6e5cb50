package se.servicekontor.videomote.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Declares the PostgreSQL test resource for the whole suite. */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
public final class WithPostgres {

    private WithPostgres() {
    }
}
