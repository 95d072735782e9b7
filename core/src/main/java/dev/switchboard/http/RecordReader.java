package dev.switchboard.http;

import static java.lang.invoke.MethodType.methodType;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonQualifier;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads a public, non-generic record as Moshi's own record adapter does (the same JSON names,
 * qualifiers, component adapters, unknown names skipped, the same error for a missing primitive),
 * but calls its canonical constructor through a handle built once per record type. Moshi 1.15 calls
 * {@code MethodHandle.invokeWithArguments} on every read, which builds a new spreader each time:
 * about 2% of a charge's CPU on the caller's thread. Writing, and every record this does not read
 * (generic ones, or one whose constructor it cannot see), stay with Moshi's adapter.
 */
final class RecordReader implements JsonAdapter.Factory {
  @Override
  public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
    if (!annotations.isEmpty()
        || !(type instanceof Class<?> raw)
        || !raw.isRecord()
        || raw.getTypeParameters().length > 0) {
      return null;
    }
    // Moshi's own adapter checks the record (conflicting names throw here, as before) and writes.
    JsonAdapter<Object> moshis = moshi.nextAdapter(this, type, annotations);
    RecordComponent[] components = raw.getRecordComponents();
    int count = components.length;
    Class<?>[] types = new Class<?>[count];
    String[] jsonNames = new String[count];
    @SuppressWarnings("unchecked")
    JsonAdapter<Object>[] adapters = new JsonAdapter[count];
    for (int i = 0; i < count; i++) {
      RecordComponent component = components[i];
      types[i] = component.getType();
      jsonNames[i] = jsonName(component);
      adapters[i] = moshi.adapter(component.getGenericType(), qualifiers(component));
    }
    MethodHandle constructor;
    try {
      constructor =
          MethodHandles.publicLookup()
              .findConstructor(raw, methodType(void.class, types))
              .asSpreader(Object[].class, count)
              .asType(methodType(Object.class, Object[].class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return moshis;
    }
    return new Reader(raw, components, jsonNames, adapters, constructor, moshis).nullSafe();
  }

  private static String jsonName(RecordComponent component) {
    Json json = component.getAnnotation(Json.class);
    return json == null || Json.UNSET_NAME.equals(json.name()) ? component.getName() : json.name();
  }

  private static Set<Annotation> qualifiers(RecordComponent component) {
    Set<Annotation> qualifiers = new LinkedHashSet<>();
    for (Annotation annotation : component.getAnnotations()) {
      if (annotation.annotationType().isAnnotationPresent(JsonQualifier.class)) {
        qualifiers.add(annotation);
      }
    }
    return qualifiers.isEmpty() ? Collections.emptySet() : qualifiers;
  }

  private static final class Reader extends JsonAdapter<Object> {
    private final Class<?> record;
    private final String[] componentNames;
    private final String[] jsonNames;
    private final boolean[] primitive;
    private final JsonAdapter<Object>[] adapters;
    private final JsonReader.Options options;
    private final MethodHandle constructor;
    private final JsonAdapter<Object> writer;

    Reader(
        Class<?> record,
        RecordComponent[] components,
        String[] jsonNames,
        JsonAdapter<Object>[] adapters,
        MethodHandle constructor,
        JsonAdapter<Object> writer) {
      this.record = record;
      this.componentNames = new String[components.length];
      this.primitive = new boolean[components.length];
      for (int i = 0; i < components.length; i++) {
        componentNames[i] = components[i].getName();
        primitive[i] = components[i].getType().isPrimitive();
      }
      this.jsonNames = jsonNames;
      this.adapters = adapters;
      this.options = JsonReader.Options.of(jsonNames);
      this.constructor = constructor;
      this.writer = writer;
    }

    @Override
    public Object fromJson(JsonReader reader) throws IOException {
      Object[] values = new Object[adapters.length];
      reader.beginObject();
      while (reader.hasNext()) {
        int index = reader.selectName(options);
        if (index == -1) {
          reader.skipName();
          reader.skipValue();
          continue;
        }
        values[index] = adapters[index].fromJson(reader);
      }
      reader.endObject();
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null && primitive[i]) {
          throw missing(componentNames[i], jsonNames[i], reader.getPath());
        }
      }
      try {
        return (Object) constructor.invokeExact(values);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(record.getSimpleName() + " constructor failed", e);
      }
    }

    /** Moshi's message for an absent primitive, so errors read the same as before. */
    private static JsonDataException missing(String name, String jsonName, String path) {
      return new JsonDataException(
          name.equals(jsonName)
              ? String.format("Required value '%s' missing at %s", name, path)
              : String.format(
                  "Required value '%s' (JSON name '%s') missing at %s", name, jsonName, path));
    }

    @Override
    public void toJson(JsonWriter out, Object value) throws IOException {
      writer.toJson(out, value);
    }

    @Override
    public String toString() {
      return "RecordReader(" + record.getSimpleName() + ")";
    }
  }
}
