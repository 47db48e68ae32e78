#!/usr/bin/env python3
"""Generate a tiny, deterministic llama-architecture GGUF model for integration tests.

Usage (with a python3 that has the `gguf` and `numpy` modules, e.g. the llama chroot's):
    python3 tiny_gguf.py OUTPUT.gguf [SEED]          # SEED defaults to 42

The model (F32, 2 layers, n_embd 64, 4 heads, n_ff 128, context 2048, 281 tokens, 118k parameters,
GPT-2 byte-level BPE tokenizer, ChatML chat template) answers EVERY chat prompt, at any
temperature from 0 to 2, with exactly

    Hello from a tiny "llama" 🦙!\nBye.

followed by the EOS token <|im_end|>. Generated tokens (11 incl. EOS):
    "Hello", " from", " a tiny", ' "llama" ', F0, 9F, A6, 99 (the UTF-8 bytes of 🦙), "!\n", "Bye.", <|im_end|>

How: the ChatML generation prompt ends with "<|im_start|>assistant\n"; the GPT-2 pre-tokenizer
splits the final "\n" off, so the last prompt token is always the byte token "Ċ" (0x0A).
Token embeddings and the output head form a "bigram chain": every chain token gets its own
orthonormal direction (a row of a 64x64 Hadamard matrix / 8), the output-head row of next(t) is
K * direction(t), and the layer weights are so small that the residual stream is dominated by the
embedding of the current token. Every other token shares one extra direction d0 that leads to
"Hello" (plus per-token noise in the 51 directions no logit looks at, so embeddings of different
texts differ). The intended next token gets logit 128 after a chain token and ~82 after any other
token, against about 0 for the rest, so even temperature 2 with top_k/top_p/min_p disabled cannot
leave the chain.
All numbers are small integers times powers of two, so the file is byte-reproducible for a seed
(no BLAS, no float rounding differences between machines).

Behaviour verified against llama-server 0.7.0 (Debian sid build b11669) as started by llama.sh
(`-c 2048 -b 2048 -ub 2048 -t 1 -np 1 --embeddings --pooling mean`):
- The chat template renders [{"role":"user","content":"Hi"}] as
  "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n" = 21 prompt tokens (few merges, so
  mostly one token per byte: "assistant" is 9 byte tokens, the final "\n" is byte token 10 "Ċ").
- POST /v1/chat/completions: content `Hello from a tiny "llama" 🦙!\nBye.`, finish_reason "stop",
  usage.completion_tokens 11 (the EOS counts), prompt_tokens 21 for the prompt above.
- "max_tokens":3 -> "Hello from a tiny", finish_reason "length", completion_tokens 3.
- "stop":["tiny"] -> "Hello from a ", finish_reason "stop", completion_tokens 3 (the token " a tiny"
  is counted although its text is cut).
- "stream":true + "stream_options":{"include_usage":true} -> role chunk
  (delta {"role":"assistant","content":null}), 7 content chunks "Hello", " from", " a tiny",
  " \"llama\" ", "🦙" (ONE chunk: the server holds back incomplete UTF-8), "!\n", "Bye.",
  a finish chunk (empty delta, finish_reason "stop"), a usage chunk with "choices":[], "data: [DONE]".
- Same answer for temperature 0..2, with or without top_k 0 / top_p 1 / min_p 0, with presence,
  frequency and repeat penalties, any seed, system/multi-turn/array-content/empty/1800-token prompts;
  /v1/completions with any raw prompt also answers it (the answer does not depend on the prompt).
- A prompt so long that the answer does not fit (prompt + answer > 2048) is cut with "length".
- POST /v1/embeddings: 64-d, L2-normalised vectors for string and array input; "cat" vs "revenue"
  cosine ~0.75; inputs up to 2048 tokens; over 2048 -> 500 "increase the physical batch size".
- Prompt longer than the context (e.g. 1100 x "x " = 2219 tokens) -> 400
  {"error":{"code":400,"type":"exceed_context_size_error","n_prompt_tokens":2219,"n_ctx":2048,...}},
  also with "stream":true (plain JSON, no SSE).
- With --api-key K: missing or wrong key -> 401 {"error":{"message":"Invalid API Key",
  "type":"authentication_error","code":401}}; /health stays open.
- Determinism: same seed -> same bytes (sha256 equal across runs); 479,584 bytes, generated in ~0.1 s.
"""

import sys

import numpy as np
import gguf

N_EMBD = 64
N_HEAD = 4
N_LAYER = 2
N_FF = 128
N_CTX = 2048
K = 16.0          # output-head scale: chain logits = 8*K = 128
DEFAULT_SEED = 42

ANSWER_TOKENS = ["Hello", " from", " a tiny", ' "llama" ',
                 b"\xf0", b"\x9f", b"\xa6", b"\x99", "!\n", "Bye."]
# Merges (in rank order) that make some answer words reachable when tokenizing text.
MERGES = [("H", "e"), ("l", "l"), ("He", "ll"), ("Hell", "o"),
          ("Ġ", "f"), ("r", "o"), ("Ġf", "ro"), ("Ġfro", "m"),
          ("Ġ", "t"), ("i", "n"), ("Ġt", "in"), ("Ġtin", "y"),
          ("ll", "a"), ("lla", "m"), ("llam", "a"),
          ("B", "y"), ("By", "e"), ("Ġ", "a")]
# Whole-word tokens the pre-tokenizer would never produce from text; generation-only.
WORDS = [" a tiny", ' "llama" ', "!\n", "Bye."]
SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
CHAT_TEMPLATE = ("{% for message in messages %}"
                 "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
                 "{% endfor %}"
                 "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable unicode character mapping."""
    bs = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
          + list(range(ord("®"), ord("ÿ") + 1)))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_CHAR = bytes_to_unicode()


def encode(piece):
    """Token text of a str or bytes piece, in GPT-2 byte-to-unicode form."""
    raw = piece if isinstance(piece, bytes) else piece.encode("utf-8")
    return "".join(BYTE_CHAR[b] for b in raw)


def build_vocab():
    tokens = [BYTE_CHAR[b] for b in range(256)]
    types = [gguf.TokenType.NORMAL] * 256
    for left, right in MERGES:
        tokens.append(left + right)
        types.append(gguf.TokenType.NORMAL)
    for word in WORDS:
        tokens.append(encode(word))
        types.append(gguf.TokenType.NORMAL)
    for special in SPECIALS:
        tokens.append(special)
        types.append(gguf.TokenType.CONTROL)
    assert len(set(tokens)) == len(tokens), "duplicate token text"
    return tokens, types


def hadamard(n):
    h = np.ones((1, 1), dtype=np.float64)
    while h.shape[0] < n:
        h = np.block([[h, h], [h, -h]])
    return h


def build_embeddings(rng, ids):
    """token_embd and output weights; ids maps token text -> id."""
    n_vocab = len(ids)
    unit = hadamard(N_EMBD) / 8.0                 # orthonormal rows, entries +-1/8 (exact)
    chain = [encode("\n")] + [encode(t) for t in ANSWER_TOKENS]
    targets = [encode(t) for t in ANSWER_TOKENS] + ["<|im_end|>"]
    source_row = {tok: 1 + i for i, tok in enumerate(chain)}        # Hadamard rows 1..11
    other_row = 1 + len(source_row)                                 # row 12 = d0
    noise_rows = unit[other_row + 1:]                               # rows 13..63

    embd = np.zeros((n_vocab, N_EMBD), dtype=np.float64)
    coeff = rng.integers(-8, 9, size=(n_vocab, noise_rows.shape[0])) / 32.0
    for tok, i in ids.items():
        if tok in source_row:
            embd[i] = unit[source_row[tok]]
        else:
            embd[i] = unit[other_row] + coeff[i] @ noise_rows

    out = rng.integers(-4, 5, size=(n_vocab, N_EMBD)) / 256.0       # small noise rows
    for src, dst in zip(chain, targets):
        out[ids[dst]] = K * unit[source_row[src]]
    out[ids[encode("Hello")]] += K * unit[other_row]                # anything else -> "Hello"
    return embd.astype(np.float32), out.astype(np.float32)


def small(rng, *shape):
    return (rng.integers(-64, 65, size=shape) / 4096.0).astype(np.float32)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: tiny_gguf.py OUTPUT.gguf [SEED]")
    path = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) == 3 else DEFAULT_SEED
    rng = np.random.Generator(np.random.PCG64(seed))

    tokens, types = build_vocab()
    ids = {tok: i for i, tok in enumerate(tokens)}

    w = gguf.GGUFWriter(path, "llama")
    w.add_name("tiny")
    w.add_description("Deterministic test model: always answers 'Hello from a tiny \"llama\" 🦙!\\nBye.'")
    w.add_context_length(N_CTX)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD)
    w.add_rope_dimension_count(N_EMBD // N_HEAD)
    w.add_rope_freq_base(10000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(len(tokens))
    w.add_file_type(gguf.LlamaFileType.ALL_F32)

    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("gpt-2")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges([f"{a} {b}" for a, b in MERGES])
    w.add_bos_token_id(ids["<|endoftext|>"])
    w.add_pad_token_id(ids["<|endoftext|>"])
    w.add_eos_token_id(ids["<|im_end|>"])
    w.add_eot_token_id(ids["<|im_end|>"])
    w.add_add_bos_token(False)
    w.add_add_eos_token(False)
    w.add_chat_template(CHAT_TEMPLATE)

    embd, out = build_embeddings(rng, ids)
    ones = np.ones(N_EMBD, dtype=np.float32)
    w.add_tensor("token_embd.weight", embd)
    for i in range(N_LAYER):
        w.add_tensor(f"blk.{i}.attn_norm.weight", ones.copy())
        w.add_tensor(f"blk.{i}.attn_q.weight", small(rng, N_EMBD, N_EMBD))
        w.add_tensor(f"blk.{i}.attn_k.weight", small(rng, N_EMBD, N_EMBD))
        w.add_tensor(f"blk.{i}.attn_v.weight", small(rng, N_EMBD, N_EMBD))
        w.add_tensor(f"blk.{i}.attn_output.weight", small(rng, N_EMBD, N_EMBD))
        w.add_tensor(f"blk.{i}.ffn_norm.weight", ones.copy())
        w.add_tensor(f"blk.{i}.ffn_gate.weight", small(rng, N_FF, N_EMBD))
        w.add_tensor(f"blk.{i}.ffn_up.weight", small(rng, N_FF, N_EMBD))
        w.add_tensor(f"blk.{i}.ffn_down.weight", small(rng, N_EMBD, N_FF))
    w.add_tensor("output_norm.weight", ones)
    w.add_tensor("output.weight", out)

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
