package dev.switchboard.http;

import static java.lang.invoke.MethodType.methodType;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.internal.Util;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Set;

/**
 * Reads a public, non-generic record as Moshi's own record adapter does (the same JSON names,
 * qualifiers, component adapters, unknown names skipped, the same error for a missing primitive),
 * but calls its canonical constructor through a handle built once per record type. Moshi 1.15 calls
 * {@code MethodHandle.invokeWithArguments} on every read, which builds a new spreader each time:
 * about 2% of a charge's CPU on the caller's thread. Writing, and every record this does not read
 * (generic ones, or one whose constructor it cannot see), stay with Moshi's adapter. Names,
 * qualifiers and the missing-primitive error come from Moshi's own {@code Util}, which its record
 * adapter uses, so they cannot drift from it; {@code RecordReaderTest} compares the two.
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
    for (int i = 0; i < count; i++) {
      types[i] = components[i].getType();
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
    return new Reader(raw, components, moshi, constructor, moshis).nullSafe();
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

    /** Names, qualifiers and adapters as Moshi's record adapter finds them (its {@code Util}). */
    @SuppressWarnings("unchecked")
    Reader(
        Class<?> record,
        RecordComponent[] components,
        Moshi moshi,
        MethodHandle constructor,
        JsonAdapter<Object> writer) {
      int count = components.length;
      this.record = record;
      this.componentNames = new String[count];
      this.jsonNames = new String[count];
      this.primitive = new boolean[count];
      this.adapters = new JsonAdapter[count];
      for (int i = 0; i < count; i++) {
        RecordComponent component = components[i];
        componentNames[i] = component.getName();
        jsonNames[i] = Util.jsonName(component.getName(), component);
        primitive[i] = component.getType().isPrimitive();
        adapters[i] = moshi.adapter(component.getGenericType(), Util.jsonAnnotations(component));
      }
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
          throw Util.missingProperty(componentNames[i], jsonNames[i], reader);
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
