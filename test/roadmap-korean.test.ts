import { describe, expect, it } from "vitest";
import { josa } from "../src/report/korean.js";
import { code, duration } from "../src/report/markdown-text.js";

describe("Korean particles follow the last syllable actually printed", () => {
  it("reads Hangul by its final consonant (ㄹ takes 로)", () => {
    expect(josa("결제", "을/를")).toBe("결제를");
    expect(josa("주문", "을/를")).toBe("주문을");
    expect(josa("재고", "이/가")).toBe("재고가");
    expect(josa("배송", "과/와")).toBe("배송과");
    expect(josa("알림", "으로/로")).toBe("알림으로");
    expect(josa("레일", "으로/로")).toBe("레일로");
  });

  it("reads English words as Korean engineers say them", () => {
    expect(josa("shipping", "과/와")).toBe("shipping과"); // 쉬핑
    expect(josa("notification", "을/를")).toBe("notification을"); // 노티피케이션
    expect(josa("payment", "을/를")).toBe("payment를"); // 페이먼트
    expect(josa("cart", "이/가")).toBe("cart가"); // 카트
    expect(josa("order", "은/는")).toBe("order는"); // 오더
    expect(josa("catalog", "과/와")).toBe("catalog와"); // 카탈로그
    expect(josa("checkout", "은/는")).toBe("checkout은"); // 체크아웃
    expect(josa("pgCancel", "으로/로")).toBe("pgCancel로"); // 캔슬
    expect(josa("APM", "을/를")).toBe("APM을"); // 에이피엠
    expect(josa("SQS", "을/를")).toBe("SQS를"); // 에스큐에스
  });

  it("looks through code spans, quotes and a gloss in parentheses, and reads numbers in Korean", () => {
    expect(josa("`orders`", "을/를")).toBe("`orders`를");
    expect(josa("`'open'`", "으로/로")).toBe("`'open'`으로");
    expect(josa("결제(payment)", "을/를")).toBe("결제(payment)를");
    expect(josa("3", "이/가")).toBe("3이"); // 삼
    expect(josa("25", "이/가")).toBe("25가"); // 이십오
    expect(josa("10", "을/를")).toBe("10을"); // 십
    expect(josa("1", "으로/로")).toBe("1로"); // 일
  });
});

describe("Markdown text pieces", () => {
  it("puts code in a span that nothing inside can break", () => {
    expect(code("order_items")).toBe("`order_items`");
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`x`")).toBe("`` `x` ``");
  });

  it("says lags as people do, in both languages", () => {
    expect(duration([0, 0], "en")).toBe("0 s");
    expect(duration([1, 3], "en")).toBe("1–3 s");
    expect(duration([600, 600], "en")).toBe("10 min");
    expect(duration([3600, 3600], "ko")).toBe("1시간");
    expect(duration([1, 3], "ko")).toBe("1~3초");
  });
});
