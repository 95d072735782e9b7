package dev.switchboard.storage.s3.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;

/** The adapter's graph: signer, HTTP client, executor and mapper around one {@link S3Client}. */
@Singleton
@Component(modules = S3Module.class)
interface S3Component {
  S3Client client();

  @Component.Factory
  interface Factory {
    S3Component create(@BindsInstance S3Settings settings);
  }
}
