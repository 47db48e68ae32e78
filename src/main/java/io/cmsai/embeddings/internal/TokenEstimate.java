package io.cmsai.embeddings.internal;

import java.lang.Character.UnicodeScript;
import java.util.Objects;

/**
 * A conservative token count for a tokenizer that is not known: it should count at least as many
 * tokens as BERT's uncased WordPiece and OpenAI's cl100k_base find in natural text, in any script.
 * One pass over the code points, no allocation per character:
 *
 * <ul>
 *   <li>a run of Latin letters of length n: (n - 2.5) / 1.7, at least 1 and at least its camel-case
 *       pieces, plus 0.7 per non-ASCII letter (accents split words in English vocabularies); a run
 *       of 6 or more letters that looks random (fewer than 20% vowels, or a case change every 5
 *       letters or less, as in base64 or hashes) 0.8 per letter;
 *   <li>a run of digits: 0.6 per digit, at least 1;
 *   <li>a Han character 1.75 (cl100k_base splits rarer ones into bytes), kana 1.2, a Hangul
 *       syllable 1.7 (WordPiece decomposes it into jamo), a Brahmic letter or sign (Devanagari,
 *       Bengali, Tamil...) 1.5, any other letter or combining mark (Cyrillic, Greek, Arabic,
 *       Thai...) 1.1;
 *   <li>an emoji or other symbol outside the basic plane 3; punctuation and any other character 1;
 *       a run of line breaks 1; other white space 0.
 * </ul>
 *
 * The constants were fitted on news, help and recipe texts in English, French, German, Dutch,
 * Spanish, Polish, Greek, Russian, Arabic, Hindi, Thai, Chinese (simplified and traditional),
 * Japanese and Korean, plus code and emoji (the test samples under {@code
 * src/test/resources/io/cmsai/text-samples}); see {@link
 * io.cmsai.embeddings.TokenCounters#estimate} for the measured ratios. Stateless and thread-safe.
 */
public final class TokenEstimate {

  private static final double LATIN_OFFSET = 2.5;
  private static final double LATIN_LETTERS_PER_TOKEN = 1.7;
  private static final double NON_ASCII_LETTER = 0.7;
  private static final double RANDOM_LETTER = 0.8;
  private static final int RANDOM_MIN_LENGTH = 6;
  private static final double DIGIT = 0.6;
  private static final double HAN = 1.75;
  private static final double KANA = 1.2;
  private static final double HANGUL = 1.7;
  private static final double BRAHMIC = 1.5;
  private static final double OTHER_LETTER = 1.1;
  private static final double SUPPLEMENTARY_SYMBOL = 3;
  private static final String VOWELS = "aeiouyàáâãäåæèéêëěęėēìíîïįīòóôõöøœōùúûüůųūýÿą";

  private TokenEstimate() {}

  /** The estimated token count of {@code text}, rounded up. */
  public static int count(String text) {
    Objects.requireNonNull(text, "text");
    Scan scan = new Scan();
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      scan.accept(cp);
      i += Character.charCount(cp);
    }
    scan.endRuns();
    return (int) Math.ceil(scan.total);
  }

  /** The running total and the current letter or digit run. */
  private static final class Scan {
    double total;
    int letters;
    int pieces;
    int vowels;
    int nonAscii;
    int previous;
    int beforePrevious;
    int digits;
    boolean inLineBreaks;

    void accept(int cp) {
      if (Character.isLetter(cp) && UnicodeScript.of(cp) == UnicodeScript.LATIN) {
        endDigits();
        addLetter(cp);
        inLineBreaks = false;
        return;
      }
      endLetters();
      if (Character.isDigit(cp)) {
        digits++;
        inLineBreaks = false;
        return;
      }
      endDigits();
      if (cp == '\n' || cp == '\r') {
        if (!inLineBreaks) {
          total += 1;
        }
        inLineBreaks = true;
        return;
      }
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        return;
      }
      inLineBreaks = false;
      total += cost(cp);
    }

    void endRuns() {
      endLetters();
      endDigits();
    }

    private void addLetter(int cp) {
      if (letters == 0) {
        pieces = 1;
      } else if (Character.isUpperCase(cp) && Character.isLowerCase(previous)) {
        pieces++; // camelCase
      } else if (Character.isLowerCase(cp)
          && Character.isUpperCase(previous)
          && Character.isUpperCase(beforePrevious)) {
        pieces++; // HTTPServer, or the case noise of base64
      }
      int lower = Character.toLowerCase(cp);
      if (VOWELS.indexOf(lower) >= 0) {
        vowels++;
      }
      if (cp > 0x7f) {
        nonAscii++;
      }
      beforePrevious = letters == 0 ? 0 : previous;
      previous = cp;
      letters++;
    }

    private void endLetters() {
      if (letters == 0) {
        return;
      }
      boolean random =
          letters >= RANDOM_MIN_LENGTH && (pieces * 5 > letters || vowels * 5 < letters);
      if (random) {
        total += letters * RANDOM_LETTER;
      } else {
        double byLength = (letters - LATIN_OFFSET) / LATIN_LETTERS_PER_TOKEN;
        total += Math.max(pieces, Math.max(1, byLength)) + nonAscii * NON_ASCII_LETTER;
      }
      letters = 0;
      pieces = 0;
      vowels = 0;
      nonAscii = 0;
      previous = 0;
      beforePrevious = 0;
    }

    private void endDigits() {
      if (digits > 0) {
        total += Math.max(1, digits * DIGIT);
        digits = 0;
      }
    }

    private static double cost(int cp) {
      UnicodeScript script = UnicodeScript.of(cp);
      if (script == UnicodeScript.HAN) {
        return HAN;
      }
      if (script == UnicodeScript.HIRAGANA || script == UnicodeScript.KATAKANA) {
        return KANA;
      }
      if (script == UnicodeScript.HANGUL) {
        return HANGUL;
      }
      if (isBrahmic(script)) {
        return BRAHMIC;
      }
      int type = Character.getType(cp);
      if (Character.isLetter(cp)
          || type == Character.NON_SPACING_MARK
          || type == Character.COMBINING_SPACING_MARK) {
        return OTHER_LETTER;
      }
      if (Character.isSupplementaryCodePoint(cp) || type == Character.OTHER_SYMBOL) {
        return SUPPLEMENTARY_SYMBOL;
      }
      return 1;
    }

    private static boolean isBrahmic(UnicodeScript script) {
      switch (script) {
        case DEVANAGARI:
        case BENGALI:
        case GURMUKHI:
        case GUJARATI:
        case ORIYA:
        case TAMIL:
        case TELUGU:
        case KANNADA:
        case MALAYALAM:
        case SINHALA:
        case TIBETAN:
        case MYANMAR:
        case KHMER:
          return true;
        default:
          return false;
      }
    }
  }
}
