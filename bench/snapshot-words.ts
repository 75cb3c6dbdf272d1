/**
 * Word lists for the generated arXiv snapshot (bench/snapshot-corpus.ts): names for the
 * author pool, arXiv categories with weights, and the vocabulary of titles and abstracts.
 * Shapes follow test/fixtures/arxiv/snapshot/sample.jsonl and the live snapshot.
 */

/** Family names; `latex` is how the `authors` string spells one with accents (authors_parsed has it decoded). */
export const LAST_NAMES: readonly { name: string; latex?: string }[] = [
  ..."Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Kim Park Choi Jung Kang Cho Yoon Jang Lim Han Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Sato Kumar Singh Sharma Gupta Patel Reddy Rao Iyer Das Mehta Chatterjee Banerjee Mukherjee Agarwal Joshi Ivanov Smirnov Kuznetsov Popov Petrov Sokolov Volkov Novikov Morozov Pavlov Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Neumann Dubois Durand Leroy Moreau Simon Laurent Lefebvre Michel Fontaine Bernard Silva Santos Oliveira Souza Costa Pereira Carvalho Almeida Ribeiro Kowalski Nowak Wisniewski Jansen Visser Bakker Smit Hansen Nielsen Andersen Larsen Johansson Karlsson Nilsson Eriksson Cohen Levi Friedman Katz Haddad Hosseini Ahmadi Rezaei Yilmaz Kaya Demir Sahin"
    .split(" ")
    .map((name) => ({ name })),
  { name: "Müller", latex: 'M\\"uller' },
  { name: "Schröder", latex: 'Schr\\"oder' },
  { name: "Balázs", latex: "Bal\\'azs" },
  { name: "Ñúñez", latex: "\\~N\\'u\\~nez" },
  { name: "Jørgensen", latex: "J\\o rgensen" },
  { name: "Dvořák", latex: "Dvo\\v{r}\\'ak" },
  { name: "Çelik", latex: "\\c{C}elik" },
  { name: "Gödel", latex: 'G\\"odel' },
  { name: "Lefèvre", latex: "Lef\\`evre" },
  { name: "Łukasiewicz", latex: "\\L ukasiewicz" },
];

/** Syllables of made-up family names. */
export const SYLLABLES: readonly string[] =
  "ka ko ma mi na no ra ri ta to sa shi ya yo ha hi be bo de do ge go le lo ne ni pe po se so ve vo za zu chen ler ski nov son berg man dt ova ez ic".split(
    " ",
  );

export const FIRST_NAMES: readonly string[] =
  "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Paul Ashley Steven Emily Andrew Kimberly Joshua Donna Kevin Michelle Brian Carol George Amanda Wei Jing Li Min Yan Hui Xin Lei Jun Tao Hao Yu Chen Ying Qiang Feng Hiroshi Takeshi Yuki Akira Kenji Satoshi Haruka Ji-hoon Min-jun Seo-yeon Priya Rahul Amit Anil Sunita Vikram Arjun Deepak Kavya Sergei Dmitri Ivan Olga Natalia Alexei Giulia Marco Luca Francesca Alessandro Hans Klaus Jürgen Anna Katrin Stefan Pierre Jean Marie Sophie Nicolas Camille João Ana Pedro Lucas Mariana Piotr Agnieszka Lars Erik Ingrid Mohammed Ahmed Fatima Ali Reza Mehmet Ayşe Yosef Noam Tamar Alec Ilya Geoffrey Yoshua Yann Kaiming Ross Ashish Noam Jakob Aidan Lukasz Illia Diederik Oriol Quoc Samy Alex Ian".split(
    " ",
  );

/** Affiliations, shown in parentheses in `authors` and as a 4th element of authors_parsed. */
export const AFFILIATIONS: readonly string[] = [
  "MIT",
  "Stanford University",
  "University of Oxford",
  "ETH Zurich",
  "Tsinghua University",
  "CERN",
  "Max Planck Institute for Physics",
  "University of Tokyo",
  "Google Research",
  "IHEP, Beijing",
  "INFN, Sezione di Roma",
  "Caltech",
  "Princeton",
  "Weizmann Institute of Science",
];

/** Category and weight (per mille of primary categories, roughly arXiv 2015-2024); cs.* about 38%. */
export const CATEGORIES: readonly [string, number][] = [
  ["cs.LG", 80],
  ["cs.CV", 70],
  ["cs.CL", 50],
  ["cs.AI", 30],
  ["cs.RO", 16],
  ["cs.CR", 15],
  ["cs.IT", 14],
  ["cs.DS", 10],
  ["cs.IR", 9],
  ["cs.SE", 9],
  ["cs.DC", 9],
  ["cs.NI", 8],
  ["cs.HC", 7],
  ["cs.NE", 7],
  ["cs.SI", 6],
  ["cs.CY", 6],
  ["cs.LO", 5],
  ["cs.GT", 5],
  ["cs.SD", 4],
  ["cs.DM", 3],
  ["cs.CG", 2],
  ["cs.MA", 2],
  ["cs.PL", 3],
  ["math.AP", 14],
  ["math.PR", 13],
  ["math.CO", 14],
  ["math.OC", 14],
  ["math.NT", 10],
  ["math.AG", 10],
  ["math.DG", 9],
  ["math.NA", 10],
  ["math.FA", 8],
  ["math.ST", 7],
  ["math.DS", 7],
  ["math.GT", 5],
  ["math.RT", 5],
  ["math.CA", 5],
  ["math.GR", 5],
  ["math.MP", 5],
  ["cond-mat.mes-hall", 12],
  ["cond-mat.mtrl-sci", 14],
  ["cond-mat.str-el", 10],
  ["cond-mat.stat-mech", 9],
  ["cond-mat.supr-con", 5],
  ["cond-mat.soft", 6],
  ["astro-ph.GA", 12],
  ["astro-ph.CO", 11],
  ["astro-ph.HE", 9],
  ["astro-ph.SR", 9],
  ["astro-ph.EP", 5],
  ["astro-ph.IM", 5],
  ["hep-th", 25],
  ["hep-ph", 30],
  ["hep-ex", 8],
  ["hep-lat", 3],
  ["gr-qc", 15],
  ["quant-ph", 45],
  ["nucl-th", 8],
  ["nucl-ex", 3],
  ["physics.optics", 10],
  ["physics.flu-dyn", 7],
  ["physics.chem-ph", 6],
  ["physics.comp-ph", 4],
  ["physics.soc-ph", 4],
  ["physics.data-an", 3],
  ["stat.ML", 18],
  ["stat.ME", 12],
  ["stat.AP", 5],
  ["eess.SP", 14],
  ["eess.IV", 8],
  ["eess.SY", 8],
  ["eess.AS", 5],
  ["q-bio.NC", 4],
  ["q-bio.QM", 3],
  ["q-fin.ST", 2],
  ["econ.EM", 2],
  ["nlin.CD", 3],
];

/** Old-style archives (`hep-th/9901001`, 1991 to March 2007) and a category each can carry. */
export const OLD_ARCHIVES: readonly [string, string][] = [
  ["hep-th", "hep-th"],
  ["hep-ph", "hep-ph"],
  ["astro-ph", "astro-ph"],
  ["cond-mat", "cond-mat.str-el"],
  ["cond-mat", "cond-mat.stat-mech"],
  ["quant-ph", "quant-ph"],
  ["gr-qc", "gr-qc"],
  ["math", "math.AG"],
  ["math", "math.PR"],
  ["cs", "cs.LG"],
  ["cs", "cs.AI"],
  ["physics", "physics.optics"],
  ["nucl-th", "nucl-th"],
  ["hep-lat", "hep-lat"],
  ["math-ph", "math-ph"],
];

export const TITLE_WORDS: readonly string[] =
  "Learning Deep Neural Networks Efficient Scalable Robust Adaptive Graph Attention Transformer Models Language Vision Representation Contrastive Self-Supervised Diffusion Generative Adversarial Reinforcement Policy Optimization Stochastic Gradient Convergence Bounds Sparse Low-Rank Approximation Quantum Entanglement Spin Chains Topological Phases Superconductivity Dark Matter Cosmological Constraints Gravitational Waves Black Holes Inflation Lattice QCD Scattering Amplitudes Higgs Boson Neutrino Oscillations Galaxy Clusters Exoplanets Stellar Magnetic Fields Turbulence Navier-Stokes Equations Elliptic Operators Random Matrices Markov Chains Hypergraphs Modular Forms Algebraic Varieties Moduli Spaces Riemannian Manifolds Benchmark Dataset Survey Towards Understanding Revisiting Beyond Unified Framework Analysis Estimation Inference Bayesian Causal Federated Distributed Privacy-Preserving Multimodal Zero-Shot Few-Shot Segmentation Detection Tracking Retrieval Translation Speech Recognition Planning Control Systems Networks Dynamics".split(
    " ",
  );

export const TITLE_LINKS: readonly string[] = [
  "for",
  "of",
  "in",
  "with",
  "via",
  "and",
  "on",
  "from",
  "under",
  "beyond",
];

export const ABSTRACT_WORDS: readonly string[] =
  "we propose a novel method that the of to in and for is on with by as an this our are be from which can results show approach model models data performance training learning network networks problem problems paper present framework based using two new proposed existing state-of-the-art methods tasks task large small efficient efficiently robust theoretical empirical experiments experimental demonstrate significantly improves improvement over baselines benchmark benchmarks datasets dataset analysis study studies structure function functions energy field fields theory theories quantum classical system systems dynamics equation equations solution solutions boundary conditions regime limit limits observed observations measurements spectrum spectra temperature phase transition transitions density distribution distributions random variables estimator estimators convergence rate rates bound bounds optimal optimality algorithm algorithms complexity linear nonlinear time space dimensional high low order parameter parameters evidence consistent strong weak coupling interaction interactions particle particles mass masses galaxy galaxies star stars cosmic signal signals noise sample samples prior posterior inference representation representations feature features attention layer layers transformer graph graphs node nodes edge edges language image images video text generation generative adversarial reinforcement policy reward agent agents environment simulation simulations numerical analytical exact approximate approximation error errors accuracy precision recall loss losses objective gradient gradients stochastic descent sparse dense matrix matrices tensor operator operators space spaces manifold manifolds group groups symmetry symmetries invariant invariance geometric topological local global scale scales multi-scale hierarchical contrastive self-supervised supervised unsupervised semi-supervised pretrained fine-tuning zero-shot few-shot transfer domain adaptation generalization out-of-distribution calibration uncertainty privacy federated distributed parallel hardware memory latency throughput inference-time compute scaling laws emergent capabilities alignment safety interpretability causal counterfactual.".split(
    " ",
  );

/** Inline LaTeX as abstracts and titles carry it (backslashes are real backslashes here). */
export const LATEX_SNIPPETS: readonly string[] = [
  "$O(n \\log n)$",
  "$\\ell_1$",
  "$(k,\\ell)$-sparse",
  "$\\alpha = 0.5$",
  "$\\mathcal{N}=4$",
  "$SU(N)$",
  "$\\sqrt{s} = 13$ TeV",
  "$H^{p,q}(\\mathbb{R}^n)$",
  "$\\epsilon$-greedy",
  "$\\tilde{O}(\\sqrt{T})$",
  "$T_c \\approx 90$ K",
  "$z \\sim 2$",
  "$\\Lambda$CDM",
  "\\emph{a priori}",
  "$\\beta$-VAE",
  "$10^{-3}$",
  "$p$-adic",
  "$\\mathbb{Z}_2$",
];

export const COMMENTS: readonly string[] = [
  "pages, figures",
  "pages, figures; accepted at NeurIPS",
  "pages; published version",
  "pages, figures, tables",
  "Code available at https://github.com/example/repo",
  "Minor corrections",
  "To appear in Phys. Rev. D",
  "pages, no figures. Typos corrected",
  "Accepted to CVPR",
  "Extended version of the conference paper",
];

export const JOURNALS: readonly string[] = [
  "Phys.Rev.D",
  "Phys.Rev.Lett.",
  "JHEP",
  "Astrophys.J.",
  "Mon.Not.Roy.Astron.Soc.",
  "Nucl.Phys.B",
  "J.Math.Phys.",
  "IEEE Trans. Inf. Theory",
  "Proc. ICML",
  "Ann. Probab.",
];

export const LICENSES: readonly (string | null)[] = [
  null,
  null,
  null,
  "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
  "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
  "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
  "http://creativecommons.org/licenses/by/4.0/",
  "http://creativecommons.org/licenses/by-nc-sa/4.0/",
  "http://creativecommons.org/licenses/by-nc-nd/4.0/",
  "http://creativecommons.org/publicdomain/zero/1.0/",
];
