/**
 * Writes a tiny CLIP-shaped model that transformers.js loads exactly like `Xenova/clip-vit-base-patch32`:
 *
 *   <dir>/tiny-clip/config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json,
 *   preprocessor_config.json, onnx/{text,vision}_model{,_quantized}.onnx
 *
 * No network, no Python: the ONNX protobuf is encoded here by hand (a handful of message types), so the
 * files are a few KB, byte-identical on every run, and built in milliseconds. The weights are designed,
 * not trained (see test/TINY-CLIP.md): text and images about red, green and blue land on embedding
 * dimensions 0, 1 and 2, so tests can assert real retrieval behaviour.
 *
 *   npm run make-tiny-clip -- <dir>     then KG_MODEL_DIR=<dir> KG_CLIP_MODEL=tiny-clip
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** The model id to load with `env.localModelPath = <dir>`. */
export const TINY_CLIP_NAME = "tiny-clip";
/** Length of `text_embeds` and `image_embeds` (CLIP's `projection_dim`). */
export const TINY_CLIP_DIM = 8;
/** The processor resizes (shortest edge) and centre-crops every image to this square. */
export const TINY_CLIP_IMAGE_SIZE = 32;

// ---------------------------------------------------------------------------------------------
// Tokenizer: genuine CLIP byte-level BPE, with a vocabulary of bytes plus a few merged words.

const BOS = "<|startoftext|>";
const EOS = "<|endoftext|>";
const MODEL_MAX_LENGTH = 77;
/** Whole words that become single tokens; the first three own embedding dimensions 0, 1, 2. */
const COLOUR_WORDS = ["red", "green", "blue"] as const;
/**
 * Merges in rank order (lower rank applies first), enough for `red</w>`, `green</w>`, `blue</w>`.
 * "g r" and "e e" come before "r e" so that "green" does not become g|re|e|n.
 */
const MERGES = [
  "g r",
  "e e",
  "r e",
  "b l",
  "u e</w>",
  "gr ee",
  "gree n</w>",
  "re d</w>",
  "bl ue</w>",
] as const;

/** GPT-2/CLIP `bytes_to_unicode`: printable bytes map to themselves, the rest to U+0100 onwards. */
function byteTokens(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const chars = printable.map((b) => String.fromCharCode(b));
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (!printable.includes(b)) chars.push(String.fromCharCode(256 + extra++));
  }
  return chars;
}

/** CLIP's vocabulary order: 256 byte tokens, the same with `</w>`, one token per merge, then bos, eos. */
function vocabulary(): string[] {
  const bytes = byteTokens();
  const merged = MERGES.map((m) => m.replace(" ", ""));
  return [...bytes, ...bytes.map((t) => `${t}</w>`), ...merged, BOS, EOS];
}

function tokenizerJson(vocab: string[]): object {
  const ids = Object.fromEntries(vocab.map((token, id) => [token, id]));
  const bos = vocab.indexOf(BOS);
  const eos = vocab.indexOf(EOS);
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: content === BOS,
    special: true,
  });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [special(bos, BOS), special(eos, EOS)],
    normalizer: {
      type: "Sequence",
      normalizers: [
        { type: "NFC" },
        { type: "Replace", pattern: { Regex: "\\s+" }, content: " " },
        { type: "Lowercase" },
      ],
    },
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        {
          type: "Split",
          pattern: {
            Regex:
              "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
          },
          behavior: "Removed",
          invert: true,
        },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: {
      type: "RobertaProcessing",
      sep: [EOS, eos],
      cls: [BOS, bos],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: EOS,
      continuing_subword_prefix: "",
      end_of_word_suffix: "</w>",
      fuse_unk: false,
      byte_fallback: false,
      vocab: ids,
      merges: [...MERGES],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Weights.

/** FNV-1a of a token's UTF-8 bytes: seeds its pseudo-random embedding independently of its id. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: a small deterministic PRNG in [0, 1). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Colour words are unit vectors on dimensions 0..2; every other token is small noise on 3..7. */
function tokenEmbeddings(vocab: string[]): Float32Array {
  const table = new Float32Array(vocab.length * TINY_CLIP_DIM);
  vocab.forEach((token, id) => {
    const row = table.subarray(id * TINY_CLIP_DIM, (id + 1) * TINY_CLIP_DIM);
    const colour = COLOUR_WORDS.findIndex((w) => `${w}</w>` === token);
    if (colour >= 0) {
      row[colour] = 1;
      return;
    }
    const random = prng(fnv1a(token));
    for (let d = COLOUR_WORDS.length; d < TINY_CLIP_DIM; d++) row[d] = 0.2 * (random() - 0.5);
  });
  return table;
}

// CLIP's own normalisation constants, written to preprocessor_config.json and undone in the vision graph.
const IMAGE_MEAN = [0.48145466, 0.4578275, 0.40821073];
const IMAGE_STD = [0.26862954, 0.26130258, 0.27577711];
/** The dimension every image shares a little of ("this is an image"), and how much. */
const IMAGE_DIRECTION = TINY_CLIP_DIM - 1;
const IMAGE_DIRECTION_WEIGHT = 0.2;

/**
 * [3, D]: mean colour (r, g, b) minus its grey level, onto dimensions 0, 1, 2. A red image gives
 * (2/3, -1/3, -1/3, 0...), a grey one nothing; the bias adds the shared image direction.
 */
function visualProjection(): Float32Array {
  const w = new Float32Array(3 * TINY_CLIP_DIM);
  for (let c = 0; c < 3; c++) {
    for (let d = 0; d < 3; d++) w[c * TINY_CLIP_DIM + d] = (c === d ? 1 : 0) - 1 / 3;
  }
  return w;
}

function visualBias(): Float32Array {
  const b = new Float32Array(TINY_CLIP_DIM);
  b[IMAGE_DIRECTION] = IMAGE_DIRECTION_WEIGHT;
  return b;
}

// ---------------------------------------------------------------------------------------------
// A minimal protobuf writer for the ONNX messages used here (field numbers from onnx/onnx.proto).

type Bytes = Uint8Array;
const utf8 = new TextEncoder();

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

function concat(parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const pb = {
  int: (field: number, value: number | bigint): Bytes =>
    new Uint8Array([...varint(field << 3), ...varint(value)]),
  bytes: (field: number, value: Bytes): Bytes =>
    concat([new Uint8Array([...varint((field << 3) | 2), ...varint(value.length)]), value]),
  string: (field: number, value: string): Bytes => pb.bytes(field, utf8.encode(value)),
  float: (field: number, value: number): Bytes => {
    const out = new Uint8Array(5);
    out[0] = (field << 3) | 5;
    new DataView(out.buffer).setFloat32(1, value, true);
    return out;
  },
};

// TensorProto.DataType
const FLOAT = 1;
const INT8 = 3;
const INT64 = 7;

interface Initializer {
  name: string;
  dataType: typeof FLOAT | typeof INT8 | typeof INT64;
  dims: number[];
  data: Float32Array | Int8Array | BigInt64Array;
}

function tensorProto(t: Initializer): Bytes {
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return concat([
    ...t.dims.map((d) => pb.int(1, d)),
    pb.int(2, t.dataType),
    pb.string(8, t.name),
    pb.bytes(9, raw),
  ]);
}

/** ValueInfoProto of a tensor; string dimensions are symbolic (dim_param), numbers fixed (dim_value). */
function valueInfo(name: string, elemType: number, shape: (number | string)[]): Bytes {
  const dims = shape.map((d) => pb.bytes(1, typeof d === "number" ? pb.int(1, d) : pb.string(2, d)));
  const tensorType = concat([pb.int(1, elemType), pb.bytes(2, concat(dims))]);
  return concat([pb.string(1, name), pb.bytes(2, pb.bytes(1, tensorType))]);
}

type Attribute = { name: string } & ({ int: number } | { ints: number[] });

function attributeProto(a: Attribute): Bytes {
  // AttributeProto.AttributeType: INT = 2, INTS = 7
  if ("int" in a) return concat([pb.string(1, a.name), pb.int(3, a.int), pb.int(20, 2)]);
  return concat([pb.string(1, a.name), ...a.ints.map((i) => pb.int(8, i)), pb.int(20, 7)]);
}

interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Attribute[];
}

function nodeProto(n: Node, index: number): Bytes {
  return concat([
    ...n.inputs.map((i) => pb.string(1, i)),
    ...n.outputs.map((o) => pb.string(2, o)),
    pb.string(3, `${n.op}_${index}`),
    pb.string(4, n.op),
    ...(n.attributes ?? []).map((a) => pb.bytes(5, attributeProto(a))),
  ]);
}

interface Graph {
  name: string;
  doc: string;
  nodes: Node[];
  initializers: Initializer[];
  inputs: Bytes[];
  outputs: Bytes[];
}

const OPSET = 17;
const IR_VERSION = 8;

function modelProto(g: Graph): Bytes {
  const graph = concat([
    ...g.nodes.map((n, i) => pb.bytes(1, nodeProto(n, i))),
    pb.string(2, g.name),
    ...g.initializers.map((t) => pb.bytes(5, tensorProto(t))),
    pb.string(10, g.doc),
    ...g.inputs.map((v) => pb.bytes(11, v)),
    ...g.outputs.map((v) => pb.bytes(12, v)),
  ]);
  return concat([
    pb.int(1, IR_VERSION),
    pb.string(2, "notegraph make-tiny-clip"),
    pb.string(3, "1"),
    pb.bytes(7, graph),
    pb.bytes(8, pb.int(2, OPSET)), // OperatorSetIdProto { version }, default ("") domain
  ]);
}

// ---------------------------------------------------------------------------------------------
// The two towers. With `quantized`, the weight matrix is stored as int8 with one scale and
// DequantizeLinear restores it: the `_quantized.onnx` files transformers.js picks for dtype "q8".

function int64(name: string, values: number[], dims: number[] = [values.length]): Initializer {
  return { name, dataType: INT64, dims, data: BigInt64Array.from(values.map(BigInt)) };
}

function float(name: string, values: Float32Array | number[], dims: number[]): Initializer {
  return { name, dataType: FLOAT, dims, data: Float32Array.from(values) };
}

/** Initializers and nodes that produce float tensor `name` from weights `w`, int8-quantized or not. */
function weight(name: string, w: Float32Array, dims: number[], quantized: boolean): [Initializer[], Node[]] {
  if (!quantized) return [[float(name, w, dims)], []];
  let maxAbs = 0;
  for (const v of w) maxAbs = Math.max(maxAbs, Math.abs(v));
  const scale = Math.fround(maxAbs / 127);
  const q = Int8Array.from(w, (v) => Math.max(-127, Math.min(127, Math.round(v / scale))));
  return [
    [
      { name: `${name}_quantized`, dataType: INT8, dims, data: q },
      float(`${name}_scale`, [scale], []),
      { name: `${name}_zero_point`, dataType: INT8, dims: [], data: new Int8Array(1) },
    ],
    [
      {
        op: "DequantizeLinear",
        inputs: [`${name}_quantized`, `${name}_scale`, `${name}_zero_point`],
        outputs: [name],
      },
    ],
  ];
}

function textModel(vocab: string[], quantized: boolean): Bytes {
  const padId = vocab.indexOf(EOS); // CLIP pads with <|endoftext|>
  const [embedInit, embedNodes] = weight(
    "embed_tokens",
    tokenEmbeddings(vocab),
    [vocab.length, TINY_CLIP_DIM],
    quantized,
  );
  return modelProto({
    name: "tiny_clip_text",
    doc: "text_embeds = mean of the token embeddings of input_ids, skipping <|endoftext|> (CLIP's pad token)",
    initializers: [
      ...embedInit,
      int64("pad_token_id", [padId], []),
      int64("axis_1", [1]),
      int64("axis_2", [2]),
      float("one", [1], []),
    ],
    nodes: [
      ...embedNodes,
      { op: "Gather", inputs: ["embed_tokens", "input_ids"], outputs: ["token_embeds"] },
      { op: "Equal", inputs: ["input_ids", "pad_token_id"], outputs: ["is_pad"] },
      { op: "Not", inputs: ["is_pad"], outputs: ["is_token"] },
      { op: "Cast", inputs: ["is_token"], outputs: ["token_mask"], attributes: [{ name: "to", int: FLOAT }] },
      { op: "Unsqueeze", inputs: ["token_mask", "axis_2"], outputs: ["token_mask_3d"] },
      { op: "Mul", inputs: ["token_embeds", "token_mask_3d"], outputs: ["masked_embeds"] },
      {
        op: "ReduceSum",
        inputs: ["masked_embeds", "axis_1"],
        outputs: ["summed_embeds"],
        attributes: [{ name: "keepdims", int: 0 }],
      },
      {
        op: "ReduceSum",
        inputs: ["token_mask_3d", "axis_1"],
        outputs: ["token_count"],
        attributes: [{ name: "keepdims", int: 0 }],
      },
      { op: "Max", inputs: ["token_count", "one"], outputs: ["safe_count"] },
      { op: "Div", inputs: ["summed_embeds", "safe_count"], outputs: ["text_embeds"] },
    ],
    inputs: [valueInfo("input_ids", INT64, ["batch_size", "sequence_length"])],
    outputs: [valueInfo("text_embeds", FLOAT, ["batch_size", TINY_CLIP_DIM])],
  });
}

function visionModel(quantized: boolean): Bytes {
  const [projInit, projNodes] = weight(
    "visual_projection",
    visualProjection(),
    [3, TINY_CLIP_DIM],
    quantized,
  );
  return modelProto({
    name: "tiny_clip_vision",
    doc: "image_embeds = (mean RGB of the un-normalised image, minus its grey level) on dims 0..2, plus a shared image direction",
    initializers: [
      ...projInit,
      float("image_std", IMAGE_STD, [3]),
      float("image_mean", IMAGE_MEAN, [3]),
      float("visual_bias", visualBias(), [TINY_CLIP_DIM]),
    ],
    nodes: [
      ...projNodes,
      {
        op: "ReduceMean",
        inputs: ["pixel_values"],
        outputs: ["channel_means"],
        attributes: [
          { name: "axes", ints: [2, 3] },
          { name: "keepdims", int: 0 },
        ],
      },
      { op: "Mul", inputs: ["channel_means", "image_std"], outputs: ["scaled_means"] },
      { op: "Add", inputs: ["scaled_means", "image_mean"], outputs: ["rgb"] },
      { op: "MatMul", inputs: ["rgb", "visual_projection"], outputs: ["projected"] },
      { op: "Add", inputs: ["projected", "visual_bias"], outputs: ["image_embeds"] },
    ],
    inputs: [valueInfo("pixel_values", FLOAT, ["batch_size", 3, "height", "width"])],
    outputs: [valueInfo("image_embeds", FLOAT, ["batch_size", TINY_CLIP_DIM])],
  });
}

// ---------------------------------------------------------------------------------------------
// Configs, shaped like Xenova/clip-vit-base-patch32's but describing this model honestly.

function configJson(vocab: string[]): object {
  const bos = vocab.indexOf(BOS);
  const eos = vocab.indexOf(EOS);
  return {
    _name_or_path: TINY_CLIP_NAME,
    architectures: ["CLIPModel"],
    model_type: "clip",
    projection_dim: TINY_CLIP_DIM,
    logit_scale_init_value: 2.6592,
    text_config: {
      model_type: "clip_text_model",
      vocab_size: vocab.length,
      hidden_size: TINY_CLIP_DIM,
      projection_dim: TINY_CLIP_DIM,
      num_hidden_layers: 0,
      max_position_embeddings: MODEL_MAX_LENGTH,
      bos_token_id: bos,
      eos_token_id: eos,
      pad_token_id: eos,
    },
    vision_config: {
      model_type: "clip_vision_model",
      hidden_size: 3,
      projection_dim: TINY_CLIP_DIM,
      num_hidden_layers: 0,
      num_channels: 3,
      image_size: TINY_CLIP_IMAGE_SIZE,
      patch_size: TINY_CLIP_IMAGE_SIZE,
    },
  };
}

const SPECIAL_TOKENS = { bos_token: BOS, eos_token: EOS, pad_token: EOS, unk_token: EOS };

function tokenizerConfigJson(): object {
  return {
    ...SPECIAL_TOKENS,
    add_prefix_space: false,
    clean_up_tokenization_spaces: true,
    do_lower_case: true,
    errors: "replace",
    model_max_length: MODEL_MAX_LENGTH,
    tokenizer_class: "CLIPTokenizer",
  };
}

function preprocessorConfigJson(): object {
  return {
    image_processor_type: "CLIPImageProcessor",
    processor_class: "CLIPProcessor",
    do_convert_rgb: true,
    do_resize: true,
    size: { shortest_edge: TINY_CLIP_IMAGE_SIZE },
    resample: 3, // bicubic, as CLIP
    do_center_crop: true,
    crop_size: { height: TINY_CLIP_IMAGE_SIZE, width: TINY_CLIP_IMAGE_SIZE },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: IMAGE_MEAN,
    image_std: IMAGE_STD,
  };
}

const json = (value: object): string => `${JSON.stringify(value, null, 2)}\n`;

/** Writes the model to `<dir>/tiny-clip/` (overwriting) and returns that folder's absolute path. */
export async function makeTinyClip(dir: string): Promise<string> {
  const root = resolve(dir, TINY_CLIP_NAME);
  await mkdir(join(root, "onnx"), { recursive: true });
  const vocab = vocabulary();
  const files: [string, string | Bytes][] = [
    ["config.json", json(configJson(vocab))],
    ["tokenizer.json", json(tokenizerJson(vocab))],
    ["tokenizer_config.json", json(tokenizerConfigJson())],
    ["special_tokens_map.json", json(SPECIAL_TOKENS)],
    ["preprocessor_config.json", json(preprocessorConfigJson())],
    ["onnx/text_model.onnx", textModel(vocab, false)],
    ["onnx/text_model_quantized.onnx", textModel(vocab, true)],
    ["onnx/vision_model.onnx", visionModel(false)],
    ["onnx/vision_model_quantized.onnx", visionModel(true)],
  ];
  for (const [name, content] of files) await writeFile(join(root, name), content);
  return root;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const dir = process.argv[2];
  if (!dir || process.argv.length > 3) {
    console.error("usage: npm run make-tiny-clip -- <dir>   (writes <dir>/tiny-clip/)");
    process.exit(2);
  }
  // `npm run` starts scripts in the package root; resolve a relative <dir> where the user typed it.
  const target = resolve(process.env.INIT_CWD ?? process.cwd(), dir);
  const started = performance.now();
  const root = await makeTinyClip(target);
  console.log(`wrote ${root} in ${Math.round(performance.now() - started)} ms`);
  console.log(`use it with KG_MODEL_DIR=${target} KG_CLIP_MODEL=${TINY_CLIP_NAME}`);
}
