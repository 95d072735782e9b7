package dev.switchboard.storage.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads S3's XML answers with the JDK's StAX parser into a small tree of {@link Element}s, and
 * writes the one XML body S3 takes from us ({@code CompleteMultipartUpload}).
 *
 * <p>DTDs and external entities are switched off in the factory, and a document that declares a DTD
 * at all is refused: S3 never sends one, so one that does is not S3 talking, and an entity it
 * defines (the XXE trick of reading a local file into the answer) must never be expanded.
 */
public final class S3Xml {
  private static final XMLInputFactory FACTORY = newFactory();

  private S3Xml() {}

  /** The XML could not be read, or was not what S3 sends. */
  public static final class MalformedXmlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedXmlException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** One element: its local name, its text (trimmed; empty when it has children), its children. */
  public record Element(String name, String text, List<Element> children) {
    /** The text of the first child named {@code name}, or null when there is none. */
    public String text(String name) {
      for (Element child : children) {
        if (child.name.equals(name)) {
          return child.text;
        }
      }
      return null;
    }

    /** Every child named {@code name}, in document order. */
    public List<Element> all(String name) {
      List<Element> found = new ArrayList<>();
      for (Element child : children) {
        if (child.name.equals(name)) {
          found.add(child);
        }
      }
      return found;
    }
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }

  /** Parses a whole document. */
  public static Element parse(String xml) {
    return parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Parses a whole document from {@code in}, which the caller closes.
   *
   * @throws MalformedXmlException when it is not well-formed XML, is empty, or declares a DTD
   */
  public static Element parse(InputStream in) {
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(in);
      Deque<String> names = new ArrayDeque<>();
      Deque<StringBuilder> texts = new ArrayDeque<>();
      Deque<List<Element>> children = new ArrayDeque<>();
      Element root = null;
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.DTD:
            throw new MalformedXmlException(
                "the document declares a DTD, which S3 never does", null);
          case XMLStreamConstants.ENTITY_REFERENCE:
            throw new MalformedXmlException(
                "the document refers to the entity " + reader.getLocalName(), null);
          case XMLStreamConstants.START_ELEMENT:
            names.push(reader.getLocalName());
            texts.push(new StringBuilder());
            children.push(new ArrayList<>());
            break;
          case XMLStreamConstants.CHARACTERS:
          case XMLStreamConstants.CDATA:
            if (!texts.isEmpty()) {
              texts.peek().append(reader.getText());
            }
            break;
          case XMLStreamConstants.END_ELEMENT:
            List<Element> mine = children.pop();
            Element element =
                new Element(
                    names.pop(),
                    mine.isEmpty() ? texts.pop().toString().strip() : drop(texts),
                    List.copyOf(mine));
            if (children.isEmpty()) {
              root = element;
            } else {
              children.peek().add(element);
            }
            break;
          default:
            break;
        }
      }
      if (root == null) {
        throw new MalformedXmlException("the document is empty", null);
      }
      return root;
    } catch (XMLStreamException e) {
      throw new MalformedXmlException("not well-formed XML: " + e.getMessage(), e);
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // Nothing is held open by the reader itself; the caller closes the stream.
        }
      }
    }
  }

  private static String drop(Deque<StringBuilder> texts) {
    texts.pop();
    return "";
  }

  /** A part of a multipart upload, for {@link #completeMultipartUpload}. */
  public record Part(int number, String etag) {}

  /** The body of {@code CompleteMultipartUpload}: every part's number and ETag, in order. */
  public static String completeMultipartUpload(List<Part> parts) {
    StringBuilder xml =
        new StringBuilder(
            "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    for (Part part : parts) {
      xml.append("<Part><PartNumber>")
          .append(part.number())
          .append("</PartNumber><ETag>")
          .append(escape(part.etag()))
          .append("</ETag></Part>");
    }
    return xml.append("</CompleteMultipartUpload>").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
