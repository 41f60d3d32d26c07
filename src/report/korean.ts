/*
 * Korean particles chosen by the last syllable of the word actually printed: 결제를, 주문을, `orders`를,
 * notification을 (노티피케이션), cart를 (카트), 3개를 … A Hangul syllable says it by its final consonant;
 * a Latin word by how Korean engineers read it (the last sound of its loanword spelling); a number by its
 * Korean reading (일, 이, 삼 …, 십, 백). Backticks, quotes and closing brackets after the word are skipped,
 * and a gloss in parentheses is not read: 결제(payment)를.
 */

export type Pair = "이/가" | "을/를" | "은/는" | "과/와" | "으로/로" | "이나/나" | "이라/라" | "이에요/예요";

/** The word followed by the right particle of the pair: josa("결제", "을/를") → "결제를". */
export function josa(word: string, pair: Pair): string {
  return word + particle(word, pair);
}

export function particle(word: string, pair: Pair): string {
  const [withFinal, withoutFinal] = pair.split("/");
  const f = finalOf(word);
  if (pair === "으로/로") return f === "none" || f === "rieul" ? "로" : "으로";
  return f === "none" ? withoutFinal : withFinal;
}

type Final = "none" | "rieul" | "other";

/** The final consonant (받침) of the last syllable as read aloud. */
export function finalOf(word: string): Final {
  const w = lastWord(word);
  if (!w) return "none";
  const ch = w[w.length - 1];
  const code = ch.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) {
    const jong = (code - 0xac00) % 28;
    return jong === 0 ? "none" : jong === 8 ? "rieul" : "other";
  }
  if (/[0-9]/.test(ch)) return digitFinal(w);
  if (/[a-zA-Z]/.test(ch)) return latinFinal(w);
  return "none";
}

/** The word before trailing punctuation: "`orders`" → "orders", "결제(payment)" → "payment", "3.5)" → "3.5". */
function lastWord(s: string): string {
  const t = s.replace(/\s*\([^()]*\)[^\p{L}\p{N}]*$/u, "");
  if (/%\s*$/.test(t)) return "퍼센트";
  const m = /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u.exec(t);
  return m ? m[1] : "";
}

/** 0 영, 1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔, 9 구; 10 십, 100 백, 1000 천, 10000 만. */
function digitFinal(w: string): Final {
  const digits = /[0-9]+$/.exec(w)![0];
  const last = digits[digits.length - 1];
  if (last === "0" && /[1-9]/.test(digits)) {
    // The last non-zero place names the reading: 10 십, 100 백, 1000 천, 10000 만 — all with a final consonant.
    return "other";
  }
  if (last === "1" || last === "7" || last === "8") return "rieul";
  if (last === "0" || last === "3" || last === "6") return "other";
  return "none";
}

/**
 * English words as Korean loanwords end: -ng, -m, -n and -l (or a silent -e after them) keep a final
 * consonant (shipping 쉬핑, stream 스트림, notification 노티피케이션, mail 메일, table 테이블, time 타임);
 * a single stop after a short vowel too (app 앱, set 셋, logic 로직); anything else ends on a vowel
 * (cart 카트, order 오더, catalog 카탈로그, payment 페이먼트, inventory 인벤토리). All-capital abbreviations
 * are read letter by letter: L 엘, M 엠, N 엔, R 알 end on a consonant (APM 에이피엠, URL 유알엘).
 */
function latinFinal(w: string): Final {
  const word = /[a-zA-Z]+$/.exec(w)![0];
  if (word.length > 1 && word === word.toUpperCase()) {
    const last = word[word.length - 1];
    return last === "L" || last === "R" ? "rieul" : last === "M" || last === "N" ? "other" : "none";
  }
  const x = word.toLowerCase();
  if (x.length === 1) return x === "l" || x === "r" ? "rieul" : x === "m" || x === "n" ? "other" : "none";
  if (/(l|[^aeiou]le)$/.test(x)) return "rieul"; // mail 메일, model 모델, table 테이블
  if (/(ng|m|n|[aeiou]me|[aeiou]ne)$/.test(x)) return "other"; // shipping 쉬핑, stream 스트림, notification 노티피케이션, time 타임, line 라인
  if (/out$/.test(x)) return "other"; // checkout 체크아웃
  if (/[aeiou]p+$/.test(x) || /ck$/.test(x) || /oo[kt]$/.test(x)) return "other"; // shop 숍, group 그룹, stock 스톡, book 북
  if (/(^|[^aeiou])[aeiou][tkc]$/.test(x)) return "other"; // set 셋, chat 챗, logic 로직, public 퍼블릭
  return "none"; // cart 카트, order 오더, catalog 카탈로그, payment 페이먼트, inventory 인벤토리, orders 오더스
}
