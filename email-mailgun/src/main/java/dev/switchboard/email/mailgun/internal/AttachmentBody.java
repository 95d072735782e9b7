package dev.switchboard.email.mailgun.internal;

import dev.switchboard.email.Attachment;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * One attachment as a multipart part's body, written straight from {@link Attachment#openStream()}
 * while the request goes out: a file is never held in memory whole. Its length is the attachment's
 * size, known without reading, so the multipart body has a {@code Content-Length}. Each write opens
 * a new stream, so a retried call sends the content again from the start.
 */
final class AttachmentBody extends RequestBody {
  private final Attachment attachment;
  private final MediaType contentType;

  AttachmentBody(Attachment attachment) {
    this.attachment = attachment;
    this.contentType = MediaType.parse(attachment.contentType());
  }

  @Override
  public MediaType contentType() {
    return contentType;
  }

  @Override
  public long contentLength() {
    return attachment.size();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    try (InputStream in = attachment.openStream();
        Source source = Okio.source(in)) {
      long written = sink.writeAll(source);
      if (written != attachment.size()) {
        // The file changed after the attachment was built; the declared length would be a lie.
        throw new IOException(
            attachment.filename()
                + " changed while it was sent: "
                + written
                + " bytes instead of "
                + attachment.size());
      }
    }
  }
}
