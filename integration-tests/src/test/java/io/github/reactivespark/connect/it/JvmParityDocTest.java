package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;

/**
 * Keeps {@code PARITY-JVM.md} true: every Java-callable public method of Spark 4.1.2's own JVM API (the classes of
 * {@code org.apache.spark:spark-sql-api_2.13:4.1.2} listed in {@link #CLASSES}) has a row there, with the counterpart
 * in this client that a Java call written against Spark's signature compiles against, or the reason there is none.
 * A unit test (no server): the Spark jar is a test-scope dependency of this module only.
 *
 * <p>How Spark's side is read. The class files are read with ASM, not loaded: {@code Dataset}, {@code SparkSession}
 * and {@code DataFrameReader} reference classes of {@code spark-connect-shims} ({@code RDD}, {@code SparkContext},
 * {@code QueryExecution}), which Maven Central does not serve, so {@code Class.getMethods()} fails on them. Parameter
 * names, which the class files lack, come from the sources jar of the same artifact.
 *
 * <p>Which Spark methods count (the rules, in this order):
 * <ol>
 *   <li>public, not synthetic or bridge; static methods of {@code functions}, {@code Window} and the static
 *       forwarders of {@code SparkSession}'s companion; instance methods of the other classes, including those
 *       inherited from Spark API supertypes ({@code CreateTableWriter}, {@code WriteConfigMethods},
 *       {@code SparkSessionBuilder}, ...);
 *   <li>not {@code java.lang.Object}'s own methods, and not those of Spark-internal mixins
 *       ({@code org.apache.spark.internal.*}, {@code org.apache.spark.sql.internal.*}, e.g. {@code Logging});
 *   <li>not Scala compiler artefacts: names with {@code $} (default-argument getters {@code f$default$2},
 *       lambdas, mangled private names), except symbolic operators ({@code $eq$eq$eq} is {@code ===});
 *   <li>not members that Scala declares {@code private[...]} or {@code protected} (public in byte code, not API),
 *       per the source.
 * </ol>
 *
 * <p>When a Spark method is "matched" (the compatibility rules): our class ({@link #CLASSES}) has a public method
 * of the same name and staticness that a Java call passing arguments of exactly Spark's parameter types resolves to,
 * by Java's three overload phases (exact/widening, boxing, varargs) and the most-specific rule; an ambiguous call is
 * no match. Spark parameter types are first mapped to ours: Spark's {@code Column}, {@code Dataset} (our
 * {@code DataFrame}), {@code Row}, {@code types.*}, {@code SaveMode}, {@code StorageLevel}, {@code Observation},
 * {@code WindowSpec} to our classes of the same role; {@code java.*} and primitives to themselves;
 * {@code scala.collection.Seq<T>} to our {@code T...} (last parameter) or {@code java.util.List<T>} (what a Java
 * caller builds instead of a Scala {@code Seq}); Scala's {@code Map} to {@code java.util.Map}; {@code scala.Function1/2/3}
 * over {@code Column}s to {@code java.util.function.Function}/{@code BiFunction}/{@code functions.Function3} (the same
 * Java lambda fits both). Anything else (encoders, typed functions, RDDs, type tags, tuples) maps to nothing, so such
 * methods need a reason. For a Spark varargs method the call with no varargs must also resolve (that caught the
 * ambiguous {@code array()}). Return types are not compared: actions return {@code Mono}/{@code Flux} here by design.
 * For {@code functions}, "the same meaning" is checked too: at each position where Spark takes a {@code String}, the
 * String must be a column name on both sides or a literal on both sides; a column name is a parameter whose name is
 * {@code colName}, {@code columnName}, {@code leftName}, {@code xName} ... ({@link #COLUMN_NAME}), on Spark's side from
 * its source, on ours from the compiled parameter names ({@code -parameters}); an {@code Object} parameter of ours is a
 * literal.
 *
 * <p>The document. {@code PARITY-JVM.md} is rendered by this test from what it computes plus the notes of the
 * existing file (the text before the first table is kept; the summary table is recomputed; each row's notes are
 * kept). The test fails when the file differs from the rendering, or when a row without a match has no reason;
 * {@code -Dparity.jvm.write=true} rewrites the file (then fill in the reasons it asks for). Unmatched methods whose
 * signature falls under a reason rule ({@link #ruleReason}) get that reason written automatically.
 */
class JvmParityDocTest {

  /** Spark class (binary name) → our class, and whether the methods compared are the static ones. */
  record Mapping(String spark, Class<?> ours, boolean statics, String title) {}

  static final String SQL = "org.apache.spark.sql.";
  static final String OURS = "io.github.reactivespark.connect.";

  static final List<Mapping> CLASSES = List.of(
      new Mapping(SQL + "SparkSession", cls("SparkSession"), false, "SparkSession"),
      new Mapping(SQL + "SparkSession", cls("SparkSession"), true, "SparkSession (static)"),
      new Mapping(SQL + "SparkSession$Builder", cls("SparkSession$Builder"), false, "SparkSession.Builder"),
      new Mapping(SQL + "RuntimeConfig", cls("RuntimeConfig"), false, "RuntimeConfig"),
      new Mapping(SQL + "Dataset", cls("DataFrame"), false, "Dataset"),
      new Mapping(SQL + "DataFrameNaFunctions", cls("DataFrameNaFunctions"), false, "DataFrameNaFunctions"),
      new Mapping(SQL + "DataFrameStatFunctions", cls("DataFrameStatFunctions"), false, "DataFrameStatFunctions"),
      new Mapping(SQL + "RelationalGroupedDataset", cls("GroupedData"), false, "RelationalGroupedDataset"),
      new Mapping(SQL + "Column", cls("Column"), false, "Column"),
      new Mapping(SQL + "functions", cls("functions"), true, "functions"),
      new Mapping(SQL + "expressions.Window", cls("Window"), true, "Window"),
      new Mapping(SQL + "expressions.WindowSpec", cls("WindowSpec"), false, "WindowSpec"),
      new Mapping(SQL + "DataFrameReader", cls("DataFrameReader"), false, "DataFrameReader"),
      new Mapping(SQL + "DataFrameWriter", cls("DataFrameWriter"), false, "DataFrameWriter"),
      new Mapping(SQL + "DataFrameWriterV2", cls("DataFrameWriterV2"), false, "DataFrameWriterV2"),
      new Mapping(SQL + "catalog.Catalog", cls("Catalog"), false, "Catalog"));

  /** Spark parameter types with a counterpart here (other than java.*, primitives, Seq/Map/Function). */
  static final Map<String, Class<?>> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put(SQL + "Column", cls("Column"));
    TYPES.put(SQL + "Dataset", cls("DataFrame"));
    TYPES.put(SQL + "Row", cls("Row"));
    TYPES.put(SQL + "SaveMode", cls("SaveMode"));
    TYPES.put(SQL + "Observation", cls("Observation"));
    TYPES.put(SQL + "expressions.WindowSpec", cls("WindowSpec"));
    TYPES.put("org.apache.spark.storage.StorageLevel", cls("StorageLevel"));
  }

  /** Spark parameter names that mean "a column name" (see the class comment). */
  static final Pattern COLUMN_NAME = Pattern.compile("(col|column|left|right|x|y)Names?\\d*|colName\\d*|colNames");

  /**
   * Our parameter names that mean "a column name": {@code name} ({@code col(String name)}) and names ending in
   * {@code Name}/{@code Names} other than function and field names (the generator calls the column-name form of a
   * column parameter {@code <param>Name}).
   */
  static final Pattern OUR_COLUMN_NAME =
      Pattern.compile("name|(?!(udf|func|function|field)Names?$)[a-z][A-Za-z0-9]*Names?");

  static final Pattern SYMBOLIC = Pattern.compile("(unary_)?(\\$(eq|bang|greater|less|bar|amp|plus|minus|times|div|percent|up|tilde|hash|at|qmark|bslash|colon))+");

  // ---------------------------------------------------------------- Spark's side: class files and sources

  /** A type from a class file: erasure (binary name, or a primitive name), type arguments, array depth. */
  record SType(String erasure, List<SType> args, int dims, boolean typeVariable) {
    SType component() {
      return new SType(erasure, args, dims - 1, typeVariable);
    }

    String render() {
      String base = typeVariable ? erasure : shortName(erasure);
      if (!args.isEmpty()) {
        base += args.stream().map(SType::render).collect(Collectors.joining(", ", "<", ">"));
      }
      return base + "[]".repeat(dims);
    }
  }

  /** One Spark method. {@code names} are the parameter names from the source, or null if not found. */
  record SMethod(String owner, String name, List<SType> params, boolean varargs, boolean isStatic, String descriptor,
      List<String> names, String returnType) {
    String signature() {
      StringBuilder b = new StringBuilder(displayName(name)).append('(');
      for (int i = 0; i < params.size(); i++) {
        String t = params.get(i).render();
        if (varargs && i == params.size() - 1) {
          t = t.substring(0, t.length() - 2) + "...";
        }
        b.append(i == 0 ? "" : ", ").append(t);
      }
      return b.append(')').toString();
    }
  }

  static String shortName(String binary) {
    if (binary.startsWith("scala.collection.") && (binary.endsWith(".Seq") || binary.endsWith(".Map"))) {
      return "scala." + binary.substring(binary.lastIndexOf('.') + 1);
    }
    if (binary.startsWith("scala.")) {
      return binary.replace('$', '.');
    }
    String s = binary.substring(binary.lastIndexOf('.') + 1);
    return s.replace('$', '.');
  }

  /** {@code $eq$eq$eq} → {@code ===}. */
  static String displayName(String name) {
    if (!name.contains("$")) {
      return name;
    }
    return name.replace("$eq", "=").replace("$bang", "!").replace("$greater", ">").replace("$less", "<")
        .replace("$bar", "|").replace("$amp", "&").replace("$plus", "+").replace("$minus", "-")
        .replace("$times", "*").replace("$div", "/").replace("$percent", "%").replace("$up", "^")
        .replace("$tilde", "~");
  }

  static byte[] classBytes(String binaryName) {
    String res = binaryName.replace('.', '/') + ".class";
    try (InputStream in = JvmParityDocTest.class.getClassLoader().getResourceAsStream(res)) {
      if (in == null) {
        return null;
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API's Spark class name of a binary name such as {@code org.apache.spark.sql.SparkSession$Builder}. */
  static String dotted(String internal) {
    return internal.replace('/', '.');
  }

  record RawMethod(String owner, String name, String descriptor, String signature, int access) {}

  static final class Reader extends ClassVisitor {
    String superName;
    List<String> interfaces = List.of();
    final List<RawMethod> methods = new ArrayList<>();
    String name;

    Reader() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] ifaces) {
      this.name = dotted(name);
      this.superName = superName == null ? null : dotted(superName);
      this.interfaces = ifaces == null ? List.of() : List.of(ifaces).stream().map(JvmParityDocTest::dotted).toList();
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] ex) {
      methods.add(new RawMethod(this.name, name, descriptor, signature, access));
      return null;
    }
  }

  static Reader read(String binaryName) {
    byte[] bytes = classBytes(binaryName);
    if (bytes == null) {
      return null;
    }
    Reader r = new Reader();
    new ClassReader(bytes).accept(r, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return r;
  }

  static boolean internalType(String name) {
    return name.startsWith("org.apache.spark.internal.") || name.startsWith("org.apache.spark.sql.internal.")
        || name.startsWith("java.") || name.startsWith("scala.");
  }

  /** Methods of {@code binaryName} a Java caller sees, following Spark API supertypes (not Object, not internals). */
  static List<RawMethod> visibleMethods(String binaryName, boolean statics) {
    Map<String, RawMethod> byKey = new LinkedHashMap<>();
    Set<String> excluded = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(binaryName);
    Set<String> seen = new HashSet<>();
    boolean first = true;
    while (!todo.isEmpty()) {
      String c = todo.poll();
      if (!seen.add(c)) {
        continue;
      }
      Reader r = read(c);
      if (r == null) {
        continue;
      }
      boolean internal = internalType(c);
      for (RawMethod m : r.methods) {
        String key = m.name() + m.descriptor();
        if (internal) {
          excluded.add(key);
        } else if ((first || !statics) && ((m.access() & Opcodes.ACC_STATIC) != 0) == statics) {
          byKey.putIfAbsent(key, m);
        }
      }
      first = false;
      if (statics) {
        continue; // static methods are not inherited in the sense that matters here
      }
      if (r.superName != null && !r.superName.equals("java.lang.Object")) {
        todo.add(r.superName);
      }
      todo.addAll(r.interfaces);
    }
    // the internal mixins (Logging, ...) themselves, to subtract their forwarders
    for (String c : seen) {
      Reader r = read(c);
      if (r != null) {
        collectInternal(r, excluded, new HashSet<>());
      }
    }
    List<RawMethod> out = new ArrayList<>();
    for (RawMethod m : byKey.values()) {
      String key = m.name() + m.descriptor();
      int a = m.access();
      if ((a & Opcodes.ACC_PUBLIC) == 0 || (a & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) != 0
          || m.name().startsWith("<") || excluded.contains(key) || objectMethod(m)) {
        continue;
      }
      if (m.name().contains("$") && !SYMBOLIC.matcher(m.name()).matches()) {
        continue;
      }
      out.add(m);
    }
    return out;
  }

  static void collectInternal(Reader r, Set<String> excluded, Set<String> seen) {
    for (String i : r.interfaces) {
      if (!seen.add(i)) {
        continue;
      }
      Reader ir = read(i);
      if (ir == null) {
        continue;
      }
      if (internalType(i)) {
        ir.methods.forEach(m -> excluded.add(m.name() + m.descriptor()));
      }
      collectInternal(ir, excluded, seen);
    }
  }

  static boolean objectMethod(RawMethod m) {
    return switch (m.name()) {
      case "equals" -> m.descriptor().equals("(Ljava/lang/Object;)Z");
      case "hashCode" -> m.descriptor().equals("()I");
      case "toString" -> m.descriptor().equals("()Ljava/lang/String;");
      case "getClass", "notify", "notifyAll", "wait", "clone", "finalize" -> true;
      default -> false;
    };
  }

  /** Parameter types from the generic signature (or the descriptor when there is none). */
  static List<SType> paramTypes(RawMethod m) {
    if (m.signature() == null) {
      List<SType> out = new ArrayList<>();
      for (Type t : Type.getArgumentTypes(m.descriptor())) {
        out.add(fromAsmType(t));
      }
      return out;
    }
    List<SType> out = new ArrayList<>();
    new SignatureReader(m.signature()).accept(new SignatureVisitor(Opcodes.ASM9) {
      @Override
      public SignatureVisitor visitParameterType() {
        return new TypeBuilder(out::add);
      }
    });
    return out;
  }

  static SType fromAsmType(Type t) {
    int dims = 0;
    if (t.getSort() == Type.ARRAY) {
      dims = t.getDimensions();
      t = t.getElementType();
    }
    return new SType(t.getClassName(), List.of(), dims, false);
  }

  /** Builds one {@link SType} from ASM's signature events. */
  static final class TypeBuilder extends SignatureVisitor {
    private final java.util.function.Consumer<SType> sink;
    private int dims;
    private String erasure;
    private final List<SType> args = new ArrayList<>();
    private boolean typeVar;

    TypeBuilder(java.util.function.Consumer<SType> sink) {
      super(Opcodes.ASM9);
      this.sink = sink;
    }

    @Override
    public void visitBaseType(char descriptor) {
      sink.accept(new SType(Type.getType(String.valueOf(descriptor)).getClassName(), List.of(), dims, false));
    }

    @Override
    public void visitTypeVariable(String name) {
      erasure = name;
      typeVar = true;
      visitEnd();
    }

    @Override
    public SignatureVisitor visitArrayType() {
      dims++;
      return this;
    }

    @Override
    public void visitClassType(String name) {
      erasure = dotted(name);
    }

    @Override
    public void visitInnerClassType(String name) {
      erasure = erasure + "$" + name;
      args.clear();
    }

    @Override
    public void visitTypeArgument() {
      args.add(new SType("?", List.of(), 0, true));
    }

    @Override
    public SignatureVisitor visitTypeArgument(char wildcard) {
      return new TypeBuilder(args::add);
    }

    @Override
    public void visitEnd() {
      sink.accept(new SType(erasure, List.copyOf(args), dims, typeVar));
    }
  }

  // ---------------------------------------------------------------- Spark's sources: parameter names, modifiers

  /** One {@code def} of a Scala source: name, parameter names and type texts (all parameter lists), modifiers. */
  record SourceDef(String name, List<String> names, List<String> types, boolean hidden) {}

  static final Map<String, List<SourceDef>> SOURCES = new HashMap<>();

  static List<SourceDef> sourceDefs(String scalaFile) {
    return SOURCES.computeIfAbsent(scalaFile, f -> {
      try (InputStream in = JvmParityDocTest.class.getClassLoader().getResourceAsStream(f)) {
        if (in == null) {
          return List.of();
        }
        return parseDefs(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  static final Pattern DEF = Pattern.compile("\\b(def|val|var)\\s+(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*|[!#%&*+/:<=>?@\\\\^|~-]+)");

  static List<SourceDef> parseDefs(String text) {
    String src = stripComments(text);
    List<SourceDef> out = new ArrayList<>();
    Matcher m = DEF.matcher(src);
    while (m.find()) {
      String name = m.group(2).replace("`", "");
      int lineStart = src.lastIndexOf('\n', m.start()) + 1;
      String prefix = src.substring(lineStart, m.start());
      boolean hidden = prefix.contains("private") || prefix.contains("protected");
      int i = m.end();
      // skip type parameters
      i = skipSpaces(src, i);
      if (i < src.length() && src.charAt(i) == '[') {
        i = matching(src, i, '[', ']') + 1;
      }
      List<String> names = new ArrayList<>();
      List<String> types = new ArrayList<>();
      while (true) {
        i = skipSpaces(src, i);
        if (i >= src.length() || src.charAt(i) != '(') {
          break;
        }
        int end = matching(src, i, '(', ')');
        for (String p : splitTopLevel(src.substring(i + 1, end))) {
          String t = p.trim();
          if (t.startsWith("implicit ")) {
            t = t.substring(9).trim();
          }
          int colon = t.indexOf(':');
          if (colon < 0) {
            continue;
          }
          String type = t.substring(colon + 1).trim();
          int eq = topLevelEquals(type);
          if (eq >= 0) {
            type = type.substring(0, eq).trim();
          }
          names.add(t.substring(0, colon).trim().replace("`", ""));
          types.add(type);
        }
        i = end + 1;
      }
      out.add(new SourceDef(name, names, types, hidden));
    }
    return out;
  }

  static String stripComments(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("/*", i)) {
        int depth = 1; // Scala block comments nest
        i += 2;
        while (i < s.length() && depth > 0) {
          if (s.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (s.startsWith("*/", i)) {
            depth--;
            i += 2;
          } else {
            i++;
          }
        }
      } else if (s.startsWith("//", i)) {
        int e = s.indexOf('\n', i);
        i = e < 0 ? s.length() : e;
      } else if (s.charAt(i) == '"') {
        int e = i + 1;
        if (s.startsWith("\"\"\"", i)) {
          e = s.indexOf("\"\"\"", i + 3);
          e = e < 0 ? s.length() : e + 3;
        } else {
          while (e < s.length() && s.charAt(e) != '"' && s.charAt(e) != '\n') {
            e += s.charAt(e) == '\\' ? 2 : 1;
          }
          e++;
        }
        b.append("\"\"");
        i = Math.min(e, s.length());
      } else {
        b.append(s.charAt(i++));
      }
    }
    return b.toString();
  }

  static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static int matching(String s, int open, char o, char c) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '(' || ch == '[') {
        depth++;
      } else if (ch == ')' || ch == ']') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return s.length() - 1;
  }

  static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '(' || ch == '[') {
        depth++;
      } else if (ch == ')' || ch == ']') {
        depth--;
      } else if (ch == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    if (!s.isBlank()) {
      out.add(s.substring(start));
    }
    return out;
  }

  static int topLevelEquals(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '(' || ch == '[') {
        depth++;
      } else if (ch == ')' || ch == ']') {
        depth--;
      } else if (ch == '=' && depth == 0 && (i + 1 >= s.length() || s.charAt(i + 1) != '>')) {
        return i;
      }
    }
    return -1;
  }

  /** The erasure key of a Scala source type text, comparable with {@link #erasureKey(SType)}. */
  static String sourceKey(String type) {
    String t = type.trim();
    if (t.startsWith("=>")) {
      t = t.substring(2).trim();
    }
    if (t.endsWith("*")) {
      return "Seq";
    }
    if (topLevelArrow(t)) {
      String args = t.substring(0, t.indexOf("=>")).trim();
      int n = args.startsWith("(") ? (args.equals("()") ? 0 : splitTopLevel(args.substring(1, args.length() - 1)).size()) : 1;
      return "Function" + n;
    }
    int br = t.indexOf('[');
    String base = (br < 0 ? t : t.substring(0, br)).trim();
    if (base.equals("Array") && t.contains("Byte")) {
      return "byte[]";
    }
    if (base.startsWith("java.util.")) {
      return base;
    }
    String simple = base.substring(base.lastIndexOf('.') + 1);
    return switch (simple) {
      case "Int" -> "int";
      case "Long" -> "long";
      case "Double" -> "double";
      case "Float" -> "float";
      case "Boolean" -> "boolean";
      case "Short" -> "short";
      case "Byte" -> "byte";
      case "Any", "AnyRef" -> "Object";
      case "Map" -> "scala.Map";
      case "Seq" -> "Seq";
      default -> simple.length() == 1 || simple.matches("[A-Z][0-9]*") ? "T" : simple;
    };
  }

  static boolean topLevelArrow(String t) {
    int depth = 0;
    for (int i = 0; i + 1 < t.length(); i++) {
      char ch = t.charAt(i);
      if (ch == '(' || ch == '[') {
        depth++;
      } else if (ch == ')' || ch == ']') {
        depth--;
      } else if (ch == '=' && t.charAt(i + 1) == '>' && depth == 0) {
        return true;
      }
    }
    return false;
  }

  static String erasureKey(SType t) {
    if (t.typeVariable()) {
      return "T";
    }
    if (t.dims() > 0) {
      return t.erasure().equals("byte") && t.dims() == 1 ? "byte[]" : "Seq";
    }
    String e = t.erasure();
    if (e.startsWith("java.util.")) {
      return e;
    }
    if (e.startsWith("scala.collection.") && e.endsWith(".Seq")) {
      return "Seq";
    }
    if (e.startsWith("scala.collection.") && e.endsWith(".Map")) {
      return "scala.Map";
    }
    if (e.matches("scala\\.Function\\d+")) {
      return e.substring(6);
    }
    if (e.equals("java.lang.Object")) {
      return "Object";
    }
    return e.substring(e.lastIndexOf('.') + 1).replaceAll(".*\\$", "");
  }

  /** The source def of a Spark method: same name, same parameter count and the same erasure keys where known. */
  static SourceDef sourceOf(String owner, String name, List<SType> params) {
    String top = owner.contains("$") ? owner.substring(0, owner.indexOf('$')) : owner;
    List<SourceDef> candidates = new ArrayList<>();
    for (String file : List.of(top.replace('.', '/') + ".scala", top.replace('.', '/') + "Builder.scala")) {
      for (SourceDef d : sourceDefs(file)) {
        if (d.name().equals(displayName(name)) && d.types().size() == params.size()) {
          candidates.add(d);
        }
      }
    }
    SourceDef best = null;
    int bestScore = -1;
    for (SourceDef d : candidates) {
      int score = 0;
      boolean ok = true;
      for (int i = 0; i < params.size(); i++) {
        String sk = sourceKey(d.types().get(i));
        String bk = erasureKey(params.get(i));
        if (sk.equals(bk)) {
          score += 2;
        } else if (sk.equals("T") || bk.equals("T") || bk.equals("Object")) {
          score += 1;
        } else {
          ok = false;
        }
      }
      if (ok && score > bestScore) {
        best = d;
        bestScore = score;
      }
    }
    return best;
  }

  /** The Spark methods of one mapping, after the counting rules. */
  static List<SMethod> sparkMethods(Mapping mapping) {
    List<SMethod> out = new ArrayList<>();
    for (RawMethod m : visibleMethods(mapping.spark(), mapping.statics())) {
      List<SType> params = paramTypes(m);
      SourceDef def = sourceOf(m.owner(), m.name(), params);
      if (def != null && def.hidden()) {
        continue;
      }
      boolean varargs = (m.access() & Opcodes.ACC_VARARGS) != 0;
      out.add(new SMethod(m.owner(), m.name(), params, varargs, mapping.statics(), m.descriptor(),
          def == null ? null : def.names(), Type.getReturnType(m.descriptor()).getClassName()));
    }
    // a Scala Seq overload and its @varargs forwarder are one Java shape for a port: keep both rows, Seq's too
    out.sort((a, b) -> a.signature().compareTo(b.signature()));
    return out;
  }

  // ---------------------------------------------------------------- matching against our classes

  /** What a Spark argument type is on our side: a class, or a Scala collection (Seq of an element type). */
  record Arg(Class<?> type, boolean seq, boolean scalaMap) {}

  static Arg mapType(SType t) {
    if (t.typeVariable()) {
      return null;
    }
    if (t.dims() > 0) {
      Arg c = mapType(t.component());
      if (c == null || c.seq()) {
        return null;
      }
      return new Arg(c.type().arrayType(), false, false);
    }
    String e = t.erasure();
    switch (e) {
      case "int": return new Arg(int.class, false, false);
      case "long": return new Arg(long.class, false, false);
      case "double": return new Arg(double.class, false, false);
      case "float": return new Arg(float.class, false, false);
      case "boolean": return new Arg(boolean.class, false, false);
      case "short": return new Arg(short.class, false, false);
      case "byte": return new Arg(byte.class, false, false);
      case "char": return new Arg(char.class, false, false);
      default: break;
    }
    if (e.startsWith("scala.collection.") && e.endsWith(".Seq") && t.args().size() == 1) {
      Arg el = mapType(t.args().get(0));
      if (el == null) {
        return null;
      }
      return el.seq() ? new Arg(List.class, true, false) : new Arg(el.type(), true, false); // Seq<Seq<T>>: List<List<T>>
    }
    if (e.startsWith("scala.collection.") && e.endsWith(".Map")) {
      return new Arg(Map.class, false, true);
    }
    if (e.matches("scala\\.Function[123]")) {
      boolean columns = t.args().stream().allMatch(a -> a.erasure().equals(SQL + "Column"));
      if (!columns) {
        return null;
      }
      return new Arg(switch (e) {
        case "scala.Function1" -> Function.class;
        case "scala.Function2" -> BiFunction.class;
        default -> cls("functions$Function3");
      }, false, false);
    }
    if (e.startsWith("java.")) {
      try {
        return new Arg(Class.forName(e), false, false);
      } catch (ClassNotFoundException ex) {
        return null;
      }
    }
    if (e.startsWith(SQL + "types.")) {
      try {
        return new Arg(Class.forName(OURS + "types." + e.substring((SQL + "types.").length())), false, false);
      } catch (ClassNotFoundException ex) {
        return null;
      }
    }
    Class<?> ours = TYPES.get(e);
    return ours == null ? null : new Arg(ours, false, false);
  }

  static final Map<Class<?>, Class<?>> BOX = Map.of(int.class, Integer.class, long.class, Long.class,
      double.class, Double.class, float.class, Float.class, boolean.class, Boolean.class, short.class, Short.class,
      byte.class, Byte.class, char.class, Character.class);

  static boolean widens(Class<?> from, Class<?> to) {
    if (from == to) {
      return true;
    }
    List<Class<?>> order = List.of(byte.class, short.class, int.class, long.class, float.class, double.class);
    int f = order.indexOf(from);
    int t = order.indexOf(to);
    return (f >= 0 && t >= 0 && f < t) || (from == char.class && t >= order.indexOf(int.class));
  }

  /** Java's "assignable in a method call" of an argument to a parameter type, in phase 1 (strict) or 2 (loose). */
  static boolean assignable(Arg a, Class<?> p, boolean loose) {
    if (a.seq()) {
      return p == List.class || p == Collection.class || p == Iterable.class;
    }
    Class<?> t = a.type();
    if (t.isPrimitive()) {
      if (p.isPrimitive()) {
        return widens(t, p);
      }
      return loose && p.isAssignableFrom(BOX.get(t));
    }
    if (p.isPrimitive()) {
      return loose && BOX.get(p) == t;
    }
    if (p == Object.class && !litValue(t)) {
      return false; // our Object parameters take a Column or a value functions.lit accepts: nothing else means the same
    }
    return p.isAssignableFrom(t);
  }

  /** Java types that {@code functions.lit} turns into a literal (or takes as is: Column), and Object itself. */
  static boolean litValue(Class<?> t) {
    return t == Object.class || t == String.class || t == cls("Column") || BOX.containsValue(t) || t == byte[].class
        || t.getName().startsWith("java.time.") || t.getName().startsWith("java.math.") || List.class.isAssignableFrom(t)
        || t.isArray() && litValue(t.getComponentType());
  }

  static boolean applicable(Method m, List<Arg> args, int phase) {
    Class<?>[] ps = m.getParameterTypes();
    if (phase < 3) {
      if (ps.length != args.size()) {
        return false;
      }
      for (int i = 0; i < ps.length; i++) {
        if (!assignable(args.get(i), ps[i], phase == 2)) {
          // a Scala Seq or an array in the last position passed as our varargs array
          boolean last = i == ps.length - 1 && m.isVarArgs();
          Arg a = args.get(i);
          boolean asArray = last && (a.seq() ? phase == 2 && ps[i].getComponentType().isAssignableFrom(a.type())
              || assignable(new Arg(a.type(), false, false), ps[i].getComponentType(), true)
              : a.type().isArray() && ps[i].isAssignableFrom(a.type()));
          if (!asArray) {
            return false;
          }
        }
      }
      return true;
    }
    if (!m.isVarArgs() || args.size() < ps.length - 1) {
      return false;
    }
    for (int i = 0; i < ps.length - 1; i++) {
      if (!assignable(args.get(i), ps[i], true)) {
        return false;
      }
    }
    Class<?> comp = ps[ps.length - 1].getComponentType();
    for (int i = ps.length - 1; i < args.size(); i++) {
      if (!assignable(args.get(i), comp, true)) {
        return false;
      }
    }
    return true;
  }

  /** True if {@code m} is at least as specific as {@code o} (each parameter type assignable to o's). */
  static boolean moreSpecific(Method m, Method o, int phase) {
    Class<?>[] a = m.getParameterTypes();
    Class<?>[] b = o.getParameterTypes();
    if (phase == 3) {
      a = varargsTypes(m);
      b = varargsTypes(o);
      int n = Math.max(a.length, b.length);
      a = expand(a, n, m.isVarArgs());
      b = expand(b, n, o.isVarArgs());
    }
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      boolean ok = a[i].isPrimitive() && b[i].isPrimitive() ? widens(a[i], b[i])
          : !a[i].isPrimitive() && !b[i].isPrimitive() && b[i].isAssignableFrom(a[i]);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static Class<?>[] varargsTypes(Method m) {
    Class<?>[] ps = m.getParameterTypes().clone();
    if (m.isVarArgs()) {
      ps[ps.length - 1] = ps[ps.length - 1].getComponentType();
    }
    return ps;
  }

  static Class<?>[] expand(Class<?>[] ps, int n, boolean varargs) {
    if (ps.length >= n || !varargs) {
      return ps;
    }
    Class<?>[] out = java.util.Arrays.copyOf(ps, n);
    for (int i = ps.length; i < n; i++) {
      out[i] = ps[ps.length - 1];
    }
    return out;
  }

  /** The method a Java call with {@code args} resolves to among {@code candidates}, or an explanation. */
  static Object resolve(List<Method> candidates, List<Arg> args) {
    for (int phase = 1; phase <= 3; phase++) {
      List<Method> ok = new ArrayList<>();
      for (Method m : candidates) {
        if (applicable(m, args, phase)) {
          ok.add(m);
        }
      }
      if (ok.isEmpty()) {
        continue;
      }
      final int ph = phase;
      List<Method> best = ok.stream().filter(m -> ok.stream().allMatch(o -> o == m || moreSpecific(m, o, ph))).toList();
      if (best.size() == 1) {
        return best.get(0);
      }
      return "ambiguous between " + ok.stream().map(JvmParityDocTest::ourSignature).toList();
    }
    return null;
  }

  static String ourSignature(Method m) {
    StringBuilder b = new StringBuilder(ourClassName(m.getDeclaringClass())).append('.').append(m.getName()).append('(');
    Class<?>[] ps = m.getParameterTypes();
    for (int i = 0; i < ps.length; i++) {
      String t = ps[i].getSimpleName();
      if (i == ps.length - 1 && m.isVarArgs()) {
        t = t.substring(0, t.length() - 2) + "...";
      }
      b.append(i == 0 ? "" : ", ").append(t);
    }
    return b.append(')').toString();
  }

  static String ourClassName(Class<?> c) {
    return c.getName().substring(OURS.length()).replace('$', '.');
  }

  /** The result of matching one Spark method. */
  record Match(SMethod spark, Method ours, String problem) {}

  static Match match(Mapping mapping, SMethod s) {
    List<Arg> args = new ArrayList<>();
    for (int i = 0; i < s.params().size(); i++) {
      Arg a = mapType(s.params().get(i));
      if (a == null) {
        return new Match(s, null, "no counterpart for parameter type " + s.params().get(i).render());
      }
      if (a.seq() && !(i == s.params().size() - 1)) {
        a = new Arg(a.type(), true, false); // only a List can take it
      }
      args.add(a);
    }
    String name = s.name();
    List<Method> candidates = new ArrayList<>();
    for (Method m : mapping.ours().getMethods()) {
      if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) == mapping.statics()
          && m.getDeclaringClass() != Object.class) {
        candidates.add(m);
      }
    }
    if (candidates.isEmpty()) {
      return new Match(s, null, "no method " + name);
    }
    // A Spark varargs parameter is what a Java caller passes as separate arguments: check the calls with 1, 0 and 2
    // of them (the 1-element call names the counterpart). A Scala Seq is passed as a java.util.List, or, in the last
    // position, as our varargs array (see applicable).
    boolean spread = !args.isEmpty() && s.varargs();
    Object r;
    if (spread) {
      List<Arg> fixed = args.subList(0, args.size() - 1);
      Arg element = new Arg(args.get(args.size() - 1).type().getComponentType(), false, false);
      r = resolve(candidates, concat(fixed, List.of(element)));
      for (int n : new int[] {0, 2}) {
        List<Arg> call = new ArrayList<>(fixed);
        for (int i = 0; i < n; i++) {
          call.add(element);
        }
        Object other = resolve(candidates, call);
        if (r instanceof Method && !(other instanceof Method)) {
          return new Match(s, null, "a call with " + n + " varargs " + (other == null ? "does not compile"
              : "is " + other));
        }
      }
    } else {
      r = resolve(candidates, args);
    }
    if (!(r instanceof Method m)) {
      return new Match(s, null, r == null ? "no call-compatible overload" : (String) r);
    }
    if (mapping.ours() == cls("functions")) {
      String meaning = meaning(s, m);
      if (meaning != null) {
        return new Match(s, null, meaning);
      }
    }
    return new Match(s, m, null);
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** For {@code functions}: a String must be a column name on both sides or a literal on both sides. */
  static String meaning(SMethod s, Method ours) {
    Parameter[] ps = ours.getParameters();
    for (int i = 0; i < s.params().size(); i++) {
      SType t = s.params().get(i);
      boolean sparkString = t.dims() == 0 && t.erasure().equals("java.lang.String")
          || t.dims() == 1 && t.erasure().equals("java.lang.String")
          || t.erasure().endsWith(".Seq") && !t.args().isEmpty() && t.args().get(0).erasure().equals("java.lang.String");
      if (!sparkString) {
        continue;
      }
      if (s.names() == null) {
        return "parameter names of Spark's overload not found in its source";
      }
      boolean sparkColumn = COLUMN_NAME.matcher(s.names().get(i)).matches();
      Parameter p = ps[Math.min(i, ps.length - 1)];
      if (!p.isNamePresent()) {
        return "our parameter names are not compiled in (-parameters)";
      }
      Class<?> pt = p.getType().isArray() ? p.getType().getComponentType() : p.getType();
      boolean oursColumn = pt == String.class && OUR_COLUMN_NAME.matcher(p.getName()).matches();
      if (sparkColumn != oursColumn) {
        return "different meaning: Spark's " + s.names().get(i) + " is " + (sparkColumn ? "a column name" : "a literal")
            + ", our " + p.getName() + " is " + (oursColumn ? "a column name" : "a literal");
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- reasons by rule

  /**
   * The reason for an unmatched method that falls under a rule, or null. The rules name the parameter types that
   * cannot exist in this client or belong to a later piece of work.
   */
  static String ruleReason(Match m) {
    String name = m.spark().name();
    if (name.equals("udtf")) {
      return "udf: UDTFs are Python-only in Spark 4.1 (no JVM UDTF API)";
    }
    if (name.equals("udf") || name.equals("udaf")) {
      return m.spark().params().stream().anyMatch(p -> p.erasure().contains("TypeTags"))
          ? "scala: takes Scala TypeTags; from Java use the `UDFn`/`Encoder` forms in server-functions"
          : SERVER_FUNCTIONS_UDF;
    }
    String ret = m.spark().returnType();
    if (ret.contains("rdd.RDD") || ret.contains("api.java.JavaRDD")) {
      return "rdd: RDDs do not exist in Spark Connect";
    }
    if (TYPED_IN_SERVER_FUNCTIONS.contains(name)) {
      return m.spark().params().stream().anyMatch(p -> p.erasure().matches("scala\\.Function\\d+"))
          ? SCALA_SERVER_CLOSURE : SERVER_FUNCTIONS_TYPED;
    }
    if (ret.endsWith(".Encoder") || ret.endsWith("KeyValueGroupedDataset")) {
      return TYPED_NOT_HERE;
    }
    if (ret.endsWith(".UDTFRegistration")) {
      return "udf: UDTFs are Python-only in Spark 4.1 (no JVM UDTF API)";
    }
    if (ret.startsWith("org.apache.spark.sql.streaming.")) {
      return "streaming: in the streaming module (`SparkStreaming.readStream(spark)`, `writeStream(df)`, `streams(spark)`)";
    }
    if (ret.equals("org.apache.spark.SparkContext") || ret.endsWith(".SQLContext") || ret.contains(".execution.")
        || ret.contains(".internal.") || ret.endsWith("ExperimentalMethods") || ret.endsWith("ExecutionListenerManager")) {
      return "server: a server-side object (" + shortName(ret) + "); a Connect client has none";
    }
    for (SType t : m.spark().params()) {
      List<String> all = new ArrayList<>();
      collect(t, all);
      boolean overRows = t.erasure().matches("scala\\.Function\\d+") && t.args().stream().anyMatch(a ->
          a.typeVariable() || a.erasure().endsWith(".Row") || a.erasure().endsWith(".Iterator")
          || a.erasure().endsWith(".Dataset"));
      if (overRows && !all.stream().anyMatch(x -> x.contains("SparkSessionExtensions"))) {
        boolean clientSide = t.erasure().equals("scala.Function0")
            || t.args().stream().anyMatch(a -> a.erasure().endsWith(".Dataset"));
        return clientSide ? "scala: a Scala closure the client runs itself (not a server function); Java code calls its"
            + " own code directly" : SCALA_SERVER_CLOSURE;
      }
    }
    for (SType t : m.spark().params()) {
      String e = t.erasure();
      List<String> inner = new ArrayList<>();
      collect(t, inner);
      if (inner.stream().anyMatch(x -> x.contains("rdd.RDD") || x.contains("api.java.JavaRDD"))) {
        return "rdd: RDDs do not exist in Spark Connect";
      }
      if (inner.stream().anyMatch(x -> x.endsWith(".Encoder") || x.endsWith(".TypedColumn")
          || x.contains(".api.java.function.") || x.endsWith(".KeyValueGroupedDataset"))) {
        return TYPED_NOT_HERE;
      }
      if (inner.stream().anyMatch(x -> x.contains("UserDefinedFunction") || x.contains(".api.java.UDF")
          || x.contains("expressions.Aggregator") || x.contains("UserDefinedAggregateFunction"))) {
        return SERVER_FUNCTIONS_UDF;
      }
      if (inner.stream().anyMatch(x -> x.contains("TypeTags") || x.contains("scala.reflect.ClassTag"))) {
        return "scala: takes a Scala implicit (TypeTag/ClassTag); not callable from Java in practice";
      }
      if (e.matches("scala\\.Function\\d+") || e.matches("scala\\.Tuple\\d+") || e.equals("scala.Option")
          || e.equals("scala.PartialFunction") || e.equals("scala.Enumeration$Value")) {
        return "scala: Scala-only parameter type (" + t.render() + "); the Java form is listed beside it";
      }
      if (e.startsWith("org.apache.spark.sql.streaming.") || e.endsWith("DataStreamReader")) {
        return "streaming: in the streaming module (SparkStreaming)";
      }
      if (e.equals("org.apache.spark.SparkContext") || e.equals("org.apache.spark.SparkConf")
          || e.contains("SparkSessionExtensions")) {
        return "server: a server-side object; a Connect client has none";
      }
    }
    if (SYMBOLIC.matcher(m.spark().name()).matches()) {
      String named = OPERATORS.get(displayName(m.spark().name()));
      return "operator: a Scala symbol; Java calls " + (named == null ? "the named method" : "`Column." + named + "`");
    }
    return null;
  }

  /** Typed operations that the opt-in server-functions module has, on its own {@code Dataset<T>}. */
  static final Set<String> TYPED_IN_SERVER_FUNCTIONS = Set.of("map", "flatMap", "mapPartitions", "filter", "foreach",
      "foreachPartition", "groupByKey", "as", "encoder");

  static final String SCALA_SERVER_CLOSURE = "scala: a Scala closure; a Java caller passes Spark's Java function"
      + " interface (server-functions module)";

  static final String SERVER_FUNCTIONS_TYPED = "server-functions: `ServerFunctions.of(spark).dataset(df, encoder)` gives"
      + " a typed `Dataset<T>` with this method (Spark's Java function interface and `Encoder`; `TypedDatasetIT`)";

  static final String SERVER_FUNCTIONS_UDF = "server-functions: `ServerFunctions.udf(UDFn, DataType)`/`udaf(Aggregator,"
      + " Encoder)` return this client's `UserDefinedFunction` (`UdfLambdaIT`); a class by name: `spark.udf().registerJava`"
      + " (`JavaUdfIT`)";

  static final String TYPED_NOT_HERE = "typed: needs Spark's encoders in the client (rows decoded into `T`, typed"
      + " columns); the server-functions module's `Dataset<T>` returns `Row`s";

  /** Scala's symbolic Column operators and the named methods a Java program calls instead. */
  static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("===", "equalTo"), Map.entry("=!=", "notEqual"),
      Map.entry("!==", "notEqual"), Map.entry(">", "gt"), Map.entry(">=", "geq"), Map.entry("<", "lt"),
      Map.entry("<=", "leq"), Map.entry("<=>", "eqNullSafe"), Map.entry("&&", "and"), Map.entry("||", "or"),
      Map.entry("+", "plus"), Map.entry("-", "minus"), Map.entry("*", "multiply"), Map.entry("/", "divide"),
      Map.entry("%", "mod"), Map.entry("unary_-", "negate"), Map.entry("unary_!", "not"));

  static void collect(SType t, List<String> out) {
    out.add(t.erasure());
    t.args().forEach(a -> collect(a, out));
  }

  // ---------------------------------------------------------------- the document

  record Row(String section, String spark, String ours, String notes) {}

  static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (.*?) \\| (.*?) \\|$");

  @Test
  void everySparkMethodIsMatchedOrHasAReason() throws IOException {
    Path doc = repoRoot().resolve("PARITY-JVM.md");
    String existing = Files.exists(doc) ? Files.readString(doc) : "";
    Map<String, String> notes = new HashMap<>();
    String section = null;
    for (String line : existing.split("\n", -1)) {
      if (line.startsWith("## ")) {
        section = line.substring(3).trim();
      }
      Matcher m = ROW.matcher(line);
      if (m.matches() && section != null) {
        notes.put(section + "|" + m.group(1), m.group(3).trim());
      }
    }
    Map<String, List<Row>> rows = new LinkedHashMap<>();
    Map<String, int[]> counts = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Mapping mapping : CLASSES) {
      List<Row> out = new ArrayList<>();
      int[] c = new int[3];
      List<SMethod> methods = sparkMethods(mapping);
      for (SMethod s : methods) {
        // Scala's Seq form of a @varargs method is the same method to a Java caller, who calls the varargs forwarder
        SMethod twin = varargsTwin(s, methods);
        Match m = match(mapping, twin == null ? s : twin);
        String key = mapping.title() + "|" + s.signature();
        String note = notes.getOrDefault(key, "");
        c[0]++;
        if (m.ours() != null) {
          c[1]++;
          out.add(new Row(mapping.title(), s.signature(), "`" + ourSignature(m.ours()) + "`",
              note.startsWith("TODO") ? "" : note));
          continue;
        }
        if (note.isBlank() || note.startsWith("TODO")) {
          String rule = ruleReason(m);
          note = rule != null ? rule : "TODO (" + m.problem() + ")";
        }
        if (note.startsWith("TODO")) {
          problems.add(mapping.title() + "." + s.signature() + ": " + m.problem());
        } else {
          c[2]++;
        }
        out.add(new Row(mapping.title(), s.signature(), "—", note));
      }
      rows.put(mapping.title(), out);
      counts.put(mapping.title(), c);
    }
    String rendered = render(existing, rows, counts);
    if (Boolean.getBoolean("parity.jvm.write")) {
      Files.writeString(doc, rendered);
    }
    assertEquals(List.of(), problems, problems.size() + " Spark methods are neither matched nor listed with a reason"
        + " in PARITY-JVM.md (run with -Dparity.jvm.write=true to write the rows, then give each TODO a reason)");
    if (!rendered.equals(existing)) {
      String[] a = existing.split("\n", -1);
      String[] b = rendered.split("\n", -1);
      int i = 0;
      while (i < Math.min(a.length, b.length) && a[i].equals(b[i])) {
        i++;
      }
      String was = i < a.length ? a[i] : "<end>";
      String now = i < b.length ? b[i] : "<end>";
      assertEquals(now, was, "PARITY-JVM.md is out of date at line " + (i + 1)
          + " (run this test with -Dparity.jvm.write=true to rewrite it)");
    }
    int total = counts.values().stream().mapToInt(x -> x[0]).sum();
    assertTrue(total > 1500, "only " + total + " Spark methods found: the reading of spark-sql-api broke");
  }

  /** The @varargs forwarder of a Scala method whose last parameter is a {@code Seq}, or null. */
  static SMethod varargsTwin(SMethod s, List<SMethod> all) {
    int n = s.params().size();
    if (s.varargs() || n == 0 || !s.params().get(n - 1).erasure().endsWith(".Seq")) {
      return null;
    }
    for (SMethod o : all) {
      if (o.varargs() && o.name().equals(s.name()) && o.params().size() == n
          && o.params().subList(0, n - 1).equals(s.params().subList(0, n - 1))) {
        return o;
      }
    }
    return null;
  }

  static String render(String existing, Map<String, List<Row>> rows, Map<String, int[]> counts) {
    int firstSection = existing.indexOf("\n## ");
    String preamble = firstSection < 0 ? DEFAULT_PREAMBLE : existing.substring(0, firstSection + 1);
    int summary = preamble.indexOf("| Spark class |");
    if (summary >= 0) {
      int end = preamble.indexOf("\n\n", summary);
      preamble = preamble.substring(0, summary) + (end < 0 ? "" : preamble.substring(end + 2));
    }
    StringBuilder table = new StringBuilder("| Spark class | Java-callable methods | matched | listed with a reason |\n"
        + "|---|---|---|---|\n");
    int[] sum = new int[3];
    counts.forEach((k, c) -> {
      table.append("| ").append(k).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" | ").append(c[2])
          .append(" |\n");
      for (int i = 0; i < 3; i++) {
        sum[i] += c[i];
      }
    });
    table.append("| **all** | **").append(sum[0]).append("** | **").append(sum[1]).append("** | **").append(sum[2])
        .append("** |\n\n");
    int marker = preamble.indexOf("<!-- summary -->");
    String head = marker < 0 ? preamble + table : preamble.substring(0, marker + "<!-- summary -->\n".length()) + table
        + preamble.substring(marker + "<!-- summary -->\n".length());
    StringBuilder b = new StringBuilder(head);
    rows.forEach((title, list) -> {
      b.append("## ").append(title).append("\n\n| Spark 4.1.2 | Java counterpart | Notes |\n|---|---|---|\n");
      for (Row r : list) {
        b.append("| `").append(r.spark()).append("` | ").append(r.ours()).append(" | ").append(r.notes()).append(" |\n");
      }
      b.append('\n');
    });
    return b.toString().replaceAll("\n+$", "\n");
  }

  static final String DEFAULT_PREAMBLE = "# Parity with Spark's JVM API 4.1.2\n\n<!-- summary -->\n";

  // ---------------------------------------------------------------- plumbing

  static Class<?> cls(String simple) {
    try {
      return Class.forName(OURS + simple);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("our class " + simple + " is missing", e);
    }
  }

  private static Path repoRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("PARITY.md"))) {
      dir = dir.getParent();
    }
    assertTrue(dir != null, "PARITY.md not found above " + Paths.get("").toAbsolutePath());
    return Objects.requireNonNull(dir);
  }
}
