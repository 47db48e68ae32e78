package io.cmsai.vectorstore.milvus;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Milvus's boolean expressions, as far as the store uses them, parsed and evaluated the way Milvus
 * does it: {@code or}/{@code ||}, {@code and}/{@code &&}, {@code not (...)}, parentheses, {@code
 * exists metadata["k"]}, comparisons ({@code == != < <= > >=}) and {@code [not] in [...]} of {@code
 * id}, {@code text} or {@code metadata["k"]} with a literal (double- or single-quoted strings with
 * Go escapes, integers, decimals, {@code -} before a number, {@code true}/{@code false}).
 *
 * <p>Evaluation follows segcore on JSON keys: a comparison or {@code in} on a missing key or a
 * value of another type is false, except {@code !=}, which is true; integers and decimals compare
 * by value; strings compare by UTF-8 bytes. What Milvus would reject is rejected: {@code not}
 * before anything but a parenthesis (in Milvus's grammar {@code not} binds tighter than {@code
 * ==}), {@code in} lists mixing types (Milvus types them by their first value), unknown fields, raw
 * newlines in strings, unknown escapes. Immutable once parsed.
 */
final class MilvusExpression {

  /** One entity as the expression sees it. */
  record Row(String id, String text, JsonObject metadata) {}

  /** A parsed expression. */
  sealed interface Node {
    boolean test(Row row);
  }

  record Or(List<Node> nodes) implements Node {
    @Override
    public boolean test(Row row) {
      return nodes.stream().anyMatch(n -> n.test(row));
    }
  }

  record And(List<Node> nodes) implements Node {
    @Override
    public boolean test(Row row) {
      return nodes.stream().allMatch(n -> n.test(row));
    }
  }

  record Not(Node node) implements Node {
    @Override
    public boolean test(Row row) {
      return !node.test(row);
    }
  }

  record Exists(String key) implements Node {
    @Override
    public boolean test(Row row) {
      return row.metadata().has(key);
    }
  }

  /** {@code field} or {@code metadata[key]}. */
  record Operand(String field, String key) {
    Optional<Object> value(Row row) {
      if (key == null) {
        return Optional.of(field.equals("id") ? row.id() : row.text());
      }
      JsonElement element = row.metadata().get(key);
      if (element == null) {
        return Optional.empty();
      }
      return Optional.of(
          element.isJsonPrimitive() ? primitive(element.getAsJsonPrimitive()) : element);
    }
  }

  record Compare(Operand operand, String operator, Object literal) implements Node {
    @Override
    public boolean test(Row row) {
      Optional<Object> stored = operand.value(row);
      Integer order = stored.map(v -> order(v, literal)).orElse(null);
      if (operator.equals("!=")) {
        return order == null || order != 0;
      }
      if (order == null) {
        return false;
      }
      return switch (operator) {
        case "==" -> order == 0;
        case "<" -> order < 0 && !(literal instanceof Boolean);
        case "<=" -> order <= 0 && !(literal instanceof Boolean);
        case ">" -> order > 0 && !(literal instanceof Boolean);
        default -> order >= 0 && !(literal instanceof Boolean);
      };
    }
  }

  record Member(Operand operand, List<Object> literals, boolean negated) implements Node {
    @Override
    public boolean test(Row row) {
      Optional<Object> stored = operand.value(row);
      boolean in =
          stored.isPresent()
              && literals.stream().anyMatch(l -> Objects.equals(order(stored.get(), l), 0));
      return negated != in;
    }
  }

  /** Whether {@code node} only selects by primary key ({@code id in [...]}/{@code id == ...}). */
  static boolean byPrimaryKey(Node node) {
    if (node instanceof Member m) {
      return m.operand().key() == null && m.operand().field().equals("id") && !m.negated();
    }
    return node instanceof Compare c
        && c.operand().key() == null
        && c.operand().field().equals("id")
        && c.operator().equals("==");
  }

  /**
   * The expression {@code text} means.
   *
   * @throws IllegalArgumentException saying what Milvus would have refused, and where
   */
  static Node parse(String text) {
    Parser parser = new Parser(text);
    Node node = parser.or();
    parser.skipSpace();
    if (!parser.atEnd()) {
      throw parser.error("unexpected input");
    }
    return node;
  }

  /** -1/0/1, or {@code null} when the two are not comparable (different types). */
  private static Integer order(Object stored, Object literal) {
    if (stored instanceof Long a && literal instanceof Long b) {
      return Long.compare(a, b);
    }
    if (stored instanceof Number a && literal instanceof Number b) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    if (stored instanceof String a && literal instanceof String b) {
      return Arrays.compareUnsigned(
          a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
    if (stored instanceof Boolean a && literal instanceof Boolean b) {
      return a.equals(b) ? 0 : 1;
    }
    return null;
  }

  private static Object primitive(JsonPrimitive value) {
    if (value.isBoolean()) {
      return value.getAsBoolean();
    }
    if (value.isString()) {
      return value.getAsString();
    }
    String number = value.getAsNumber().toString();
    return number.matches("-?\\d+") ? (Object) Long.parseLong(number) : Double.parseDouble(number);
  }

  /** Recursive descent over the text; not thread-safe, one per parse. */
  private static final class Parser {
    private static final Set<String> FIELDS = Set.of("id", "text", "metadata");
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    Node or() {
      List<Node> nodes = new ArrayList<>(List.of(and()));
      while (keyword("or") || symbol("||")) {
        nodes.add(and());
      }
      return nodes.size() == 1 ? nodes.get(0) : new Or(nodes);
    }

    Node and() {
      List<Node> nodes = new ArrayList<>(List.of(unary()));
      while (keyword("and") || symbol("&&")) {
        nodes.add(unary());
      }
      return nodes.size() == 1 ? nodes.get(0) : new And(nodes);
    }

    Node unary() {
      if (keyword("not")) {
        if (!peek('(')) {
          throw error("'not' must be followed by '(' (it binds tighter than comparisons)");
        }
        return new Not(unary());
      }
      if (symbol("(")) {
        Node inner = or();
        expect(")");
        return inner;
      }
      if (keyword("exists")) {
        Operand operand = operand();
        if (operand.key() == null) {
          throw error("exists needs a JSON key");
        }
        return new Exists(operand.key());
      }
      return comparison();
    }

    Node comparison() {
      Operand operand = operand();
      if (operand.field().equals("metadata") && operand.key() == null) {
        throw error("the JSON field metadata cannot be compared as a whole");
      }
      boolean negated = keyword("not");
      if (keyword("in")) {
        return new Member(operand, list(), negated);
      }
      if (negated) {
        throw error("expected 'in' after 'not'");
      }
      for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
        if (symbol(op)) {
          return new Compare(operand, op, literal());
        }
      }
      throw error("expected a comparison");
    }

    Operand operand() {
      skipSpace();
      int start = at;
      while (!atEnd() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
        at++;
      }
      String field = text.substring(start, at);
      if (!FIELDS.contains(field)) {
        throw error("field " + field + " not exist");
      }
      if (field.equals("metadata") && peekRaw('[')) {
        at++;
        String key = string();
        expect("]");
        return new Operand(field, key);
      }
      return new Operand(field, null);
    }

    List<Object> list() {
      expect("[");
      List<Object> values = new ArrayList<>(List.of(literal()));
      while (symbol(",")) {
        values.add(literal());
      }
      expect("]");
      if (values.stream().map(Object::getClass).distinct().count() > 1) {
        throw error("the values of 'in' must have one type");
      }
      return values;
    }

    Object literal() {
      skipSpace();
      if (keyword("true")) {
        return true;
      }
      if (keyword("false")) {
        return false;
      }
      if (peekRaw('"') || peekRaw('\'')) {
        return string();
      }
      boolean negative = symbol("-");
      skipSpace();
      int start = at;
      while (!atEnd() && "0123456789.eE+-".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
      String number = text.substring(start, at);
      try {
        Object value =
            number.matches("\\d+") ? (Object) Long.parseLong(number) : Double.parseDouble(number);
        return !negative ? value : value instanceof Long l ? (Object) (-l) : -(Double) value;
      } catch (NumberFormatException e) {
        IllegalArgumentException failure = error("expected a literal");
        failure.initCause(e);
        throw failure;
      }
    }

    /** A quoted string with Go escapes. */
    String string() {
      skipSpace();
      char quote = text.charAt(at++);
      StringBuilder out = new StringBuilder();
      while (true) {
        if (atEnd()) {
          throw error("unterminated string");
        }
        char c = text.charAt(at++);
        if (c == quote) {
          return out.toString();
        }
        if (c == '\n' || c == '\r') {
          throw error("raw line break in a string");
        }
        out.append(c == '\\' ? escape(quote) : String.valueOf(c));
      }
    }

    private String escape(char quote) {
      char c = text.charAt(at++);
      return switch (c) {
        case 'n' -> "\n";
        case 'r' -> "\r";
        case 't' -> "\t";
        case 'b' -> "\b";
        case 'f' -> "\f";
        case 'v' -> "\u000b";
        case 'a' -> "\u0007";
        case '\\' -> "\\";
        case 'u' -> hex(4);
        case 'U' -> hex(8);
        case 'x' -> hex(2);
        default -> {
          if (c == quote) {
            yield String.valueOf(c);
          }
          throw error("unknown escape \\" + c);
        }
      };
    }

    private String hex(int digits) {
      String code = text.substring(at, Math.min(text.length(), at + digits));
      if (!code.matches("[0-9a-fA-F]{" + digits + "}")) {
        throw error("bad hex escape");
      }
      at += digits;
      return new String(Character.toChars(Integer.parseInt(code, 16)));
    }

    private boolean keyword(String word) {
      skipSpace();
      int end = at + word.length();
      if (end > text.length() || !text.substring(at, end).toLowerCase(Locale.ROOT).equals(word)) {
        return false;
      }
      if (end < text.length()
          && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
        return false;
      }
      at = end;
      return true;
    }

    private boolean symbol(String symbol) {
      skipSpace();
      if (text.startsWith(symbol, at)) {
        at += symbol.length();
        return true;
      }
      return false;
    }

    private void expect(String symbol) {
      if (!symbol(symbol)) {
        throw error("expected '" + symbol + "'");
      }
    }

    private boolean peek(char c) {
      skipSpace();
      return peekRaw(c);
    }

    private boolean peekRaw(char c) {
      return !atEnd() && text.charAt(at) == c;
    }

    void skipSpace() {
      while (!atEnd() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
        at++;
      }
    }

    boolean atEnd() {
      return at >= text.length();
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "cannot parse expression: " + text + ", error: " + what + " at position " + at);
    }
  }
}
