"""False alarms on real professional translations: findings per 100 aligned pairs, as a user sees them.

``bitext qa`` (the library entry point bitext.qa.pipeline.run_qa, default model, embedding
cache, every registered check) runs over professionally translated and edited EN→ZH text:

* TICO-19 dev (../shared/eval/tico19-dev): dev.tmx (pre-aligned units), presplit.jsonl and
  joined.jsonl (aligned by the tool), each with the starter glossary
  (corpora/glossary/net_prrt.tsv) and with TICO's own broad terminology (tico-terms.tsv);
* ParaMed-NEJM gold pairs (as benchmarks/qa_precision.py loads them) written as a TMX file,
  with the starter glossary.

Per input × glossary: aligned pairs, error-level and warning-level findings per 100 pairs,
by check. Error- and warning-level findings are reviewed by hand; verdicts are kept below by
fingerprint ("true" = a real defect, "false" = the check is wrong, "debatable"): TICO's in
TICO_REVIEWED and TICO_WARNINGS_REVIEWED, NEJM's in qa_precision.REVIEWED (by full fingerprint)
and qa_precision.WARNINGS_REVIEWED. Every finding is written with its pair's text and verdict to
a TSV for review; a finding the script reports as unreviewed is new and wants reading.

    .venv/bin/python benchmarks/qa_real.py                     # all runs, recorded in docs/benchmarks.md
    .venv/bin/python benchmarks/qa_real.py --no-record --findings /tmp/real.tsv

Texts are read from ../shared at run time and never copied into the repository.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_benchmark import replace_section
from qa_precision import REVIEWED as NEJM_REVIEWED
from qa_precision import WARNINGS_REVIEWED as NEJM_WARNINGS_REVIEWED
from qa_precision import merge_groups, reviewed_group
from real_data import (
    STARTER_GLOSSARY,
    TICO_JOINED,
    TICO_PRESPLIT,
    TICO_TERMS,
    TICO_TMX,
    command_line,
    require_data,
    run,
    tsv_row,
    write_nejm_tmx,
)

from bitext.paths import cache_dir

BEGIN, END = "<!-- qa-real:begin -->", "<!-- qa-real:end -->"


def _reviewed(verdict: str, reason: str, fingerprints: str) -> dict[str, tuple[str, str]]:
    return {fp: (verdict, reason) for fp in fingerprints.split()}


_SYNONYM = ("read: the concept is rendered by an accepted synonym, short form or paraphrase the glossary "
            "does not list (疫情 for outbreak/epidemic/pandemic, 感染者 for infected people, 死亡 for deaths, "
            "发病 for onset, COVID-19 病例 for COVID-19 cases, MERS-CoV kept in Latin …)")

# Reviewed error-level findings on TICO-19 dev, by the first 16 hex digits of the fingerprint
# (which holds the check, document id, source text and offending text, so one verdict covers the
# same finding from dev.tmx, presplit.jsonl and joined.jsonl when the pair's source is the same).
# The pairs were read (terms in groups: a "false" missing term is a pair whose target renders the
# concept); findings not listed are unreviewed. The last two groups are from the work tree of
# 2026-12-02 (keep-latin matching and numbers changed under way), kept for when they come back.
TICO_REVIEWED: dict[str, tuple[str, str]] = {
    **_reviewed("true", "'detectable for up to three days' rendered 可存活 (survives): meaning changed", """
        849ae8db0f941564
    """),
    **_reviewed("true", 'US CDC rendered 德国疾控中心 (the German CDC): wrong entity', """
        52e2e0b48f005714 b01d9258bf84ddeb
    """),
    **_reviewed("true", 'WHO rendered 世界贸易组织 (the WTO): wrong entity', """
        1a2b5e490b232e8e 701ad4bbdcf51e9b
    """),
    **_reviewed("true", '世界卫生组织 (WTO) for "World Health Organization (WHO)": the acronym names another body', """
        b7e24437511d5343
    """),
    **_reviewed("debatable", "'1-3% of infected individuals' -> 病死率约为 1-3%: 'of infected individuals' dropped", """
        892c329b8899c285
    """),
    **_reviewed("debatable", "'asymptomatic transmission' rendered 无症状感染 (infection)", """
        5e4a62dc6e628940
    """),
    **_reviewed("debatable", "'travel restrictions' rendered 旅行禁令 (travel ban)", """
        12320d8ca689d5bb c5acea947b9e1dba
    """),
    **_reviewed("debatable", "'viral pneumonia from COVID-19' rendered 感染 COVID-19 (infection)", """
        2abd1262d41437c3
    """),
    **_reviewed("false", "'human-to-human transmission' rendered 人传人", """
        2dd2b394be046eab 9bbff743df2cc270 a9f7c51d4a3df199 bcc85b3435ca6e95 c598f2c3bf91b50d
    """),
    **_reviewed("false", 'CDC rendered by its Chinese name (疾控中心 / 疾病预防控制中心)', """
        40214342bf29a35a 475c49df492cd94e 52e87e1247d36468 b976b75a0905bfaa d9388ff22c33f10a
    """),
    **_reviewed("false", 'COVID rendered by its standard Chinese name (新型冠状病毒肺炎 / 新冠)', """
        7e0d3b16fc29313a
    """),
    **_reviewed("false", 'WHO rendered by its standard Chinese name 世界卫生组织', """
        01eda174bd48a384 02264182257479ad 0b6ec127eb037c42 12009702ff2d7145 1b2652a06e5fc319 1ea72b6387faea32
        247dc111ea5ec5ca 2b3c1630991d6dd1 2fed2594bcbaaee7 4f5d6326e227b09e 511348b203d425d2 58bf7f154f9e0848
        5d0951b07cdf5770 60a7a239f837398a 6314d3ac34e7e76f 655d5c5d8fec33e2 693a121b849373f8 6e9e0a28314cac08
        6ffc9a58fbbdd3da 790fe4f9db97ac54 7ba495b6b04bed58 8365acb09bf85a6e 8f65ddd8963180fa 91c944c413682826
        93d9015d41e2ceea 9a99bc687abe464e 9ea9484c3e5f9747 a30c896a427853c0 a88fc1ed80ee8357 a9d919bdce0f1749
        ab9b1bb557708d9f b03533354c674210 ba4287321cda718e bcb3007306b66e3e c7f5a599d29c8167 cecdb776668f6b91
        d3fdad4685733f42 d599f054ede32858 da3f5e5bb166f612 de8fe1ce6bbcb253 ea913b321f3f2123 ec354cf3244b4f52
        f180de7bcbd18cb2 f84416217521406e fbcdfe19b689436b fe471641cdc23c7d
    """),
    **_reviewed("false", _SYNONYM, """
        0072facb1fb1f363 0242bf0e3f14b771 0249502d88f3e69d 03295c3d73989de3 039fba3fda40777f 0565ef94456e0c61
        06a4e8227d30be1b 06dc6b23cc5a7355 0715f61076729436 0839163da8709337 0a041e69f8fb31f8 0aab3c03e4e86346
        0ad10265c81aeebb 0b040193355cbc5e 0bcf789af6bdf319 0beed88a74d4b7db 0c8b1a832d5ec010 0d0dfd3c4ed49eef
        0df78622799aa4cc 0ec28d19710a0221 0f74b4019f278789 1042ac0839654be1 1144624c6ae63546 12998de999b641d8
        12a8a2072cc1182a 1314aa95c5d286f2 1385a0ee35854d44 143a09fe0e1cd9be 14be2dea52df5e19 14ee815ec147182b
        150654e9a3c5d015 1544b34b7495a82a 15ac8349c18b1e45 15ddfb08fdc0401c 16694d153ce8b7c9 167615a2f149a63d
        17180b04669cb02d 174d61305274ad99 179e5eceffb17f00 17e6b0517fb56886 1857ea9efa3da815 1a0913b1eda507bf
        1ba03a0968175250 1bd21bb9c8ccaf70 1c1d36c28c2335b3 1c45e6cf7edca1c9 1c690b0ea8781555 1def167037a6d109
        1f21ed986bb9b48c 1f440846a8926e3e 1fe6563e283ee540 1ffda35bd66fc567 2032c937af6faa8b 204be84c4972d86d
        205b63992e9381d9 2131285fd86c8701 230b014e11a88d4b 2414935f220108ac 2449fbdb3ea3447b 2452115683222838
        256d490c61078d5a 25f531f397c0d7c9 27f4d64e52badb10 28c9774ac93e83a3 29111b52b302f203 29f4223fd91e0cd8
        2adfec9f46d6469d 2b1e912a2487d936 2bb6c94687fecd7b 2cbcaaaba403719a 2cd609bc8007245a 2d7eecd604d6f24a
        2eb85ff779233c7e 3162356c639838e3 3164312d59e12183 31de990f2ae41560 32107c28ed5d9d33 325227191ffa6c56
        32ecf584892be957 33fe34c1969a3187 34e49de087fe0225 355af6d9b9d39586 35de2ece0a4ef8dd 3635d0e6acdd7951
        36db8291463d0bad 37006fe5b26650b2 3742e5296efb4a32 378b803a25a92ff1 37a7414be1708fc6 37e2d761c2727d53
        38593129df3ee294 388dec71eeebdd68 3933fb6e771cda47 39963936e6453b05 39d632f7f502ea13 3a36803ece33c25b
        3a8c085214772b29 3a9c2e7276c9c787 3b10d31e46698502 3b8098515d6ec431 3baa3af389805ce8 3cfbe6a0d181fee4
        3d02bc5b5c68a8f8 3d09ca3512e863a7 3d20e2e56f33da47 3d321ba95e489753 3d9172725145bf8c 3e0d0c410305dad7
        404bcc848e95d48d 4057657290328c70 415a67608feef32b 42206e174225a13a 4297bb7ce07f8321 432452b4e70e1ae9
        433714fed403e5ed 43416d7d1aa6c34f 437efcd1b03b2bc7 44693666d41dc407 44760efc919e748b 44c80e8d456e8338
        44c93db5fdd6fc1a 45dc16c1b2d45152 45e117589334942f 4653e98191c0a07a 4735506f09ad01e9 476ac8e0e35d1ce1
        478f7a8fd0137d5e 4a2057057faf1879 4a6768e4c2e975c5 4b2fb044acf8468c 4c34fe60640c4bea 4c4fbba019d5d092
        4c52397aa5fa8d78 4ca68a46e83e8073 4cbe10fb38e52f97 4ccb380fd0bcb988 4cf3e78096979766 4d2097a4caadb27d
        4d7aa795f450391c 4dd385706f620f8e 4e268c1ea6e57cb4 4e67de7a01d46492 4eb4379153e7c6f9 4f6d3458a3d8c7f5
        4f79b617962ae680 4f96c9f4dd3901ef 5028d73fcd5bd90c 50667bcfbc49b858 51901b32cf4f1af6 51ae2dbe9d3e58c9
        52b26a444ab1cf92 530991ab95e56889 5310bf443a320ad6 549329b79eb887ca 550ddd08c9cc20fc 5560226cd9cfddad
        55e33df559ebfb6c 5615bfec575d3565 5632912cdac80b47 56d8b88fc53bd012 57a1ce3c77421ad8 5851f3a62aca3cac
        58bbdfce2801ad49 592697671feeb06f 5926aed8bca18c32 59ad3b86b12c1a36 59ff8bd87c79d698 5a464243bcf96ebe
        5a52feb626d96e0d 5b2133e66ddea8c8 5b21f7707949a7eb 5bf4661c2f56d2b8 5bfcaa5bed182b08 5ccb457704277288
        5dc52430c846b7f5 5dd95d0d98d1736a 5e18dffb1b0344a0 5e55caff595e282a 5fdcb5cff169c3d8 5fe167151079dd54
        5fe676819330ce2b 600768fb902cddc2 612a32c2c5b10844 61d9f5ee6af20972 61e1c86e8d739863 6200dd132dfcf8fd
        6230c9f8e1af847f 630b4638207976da 6368d5ecfb5bee60 63dd36ba8359bae1 64e5c97ccc9360a8 6536f5351c7fb17e
        66bb8dc3a96520c1 66fadc7f9766963f 67cd9c2812e974d6 6841139a8e5a53f2 6923fe81a3342290 6a7199213f5489c7
        6ac97786f19b2d09 6af217f5077c84de 6b15a6572a6da9b7 6b27885636d821ef 6b526db3576b2356 6c46d654dfffe120
        6c9c01ff42601c31 6cf4e313212b2b45 6cfbe1f3682a5749 6d3eab7f27faf6ab 6d785407af34f7b6 6ec3063d7c21de7e
        6ef713a99553c1e5 6f3a9c58a2d95648 70775157665da040 707b7fcc2229930b 70b2a6dfd3f26ea4 710c1ff913a07b8f
        71148c493a3822eb 7153e29b10346c3f 7157db693e958e1c 72044c3514ea0fd8 720edb4c016032d2 7262d080b6f5d677
        72825b51b24d03dc 73af0d8f7ba84918 73ceda65e643d797 73ee56ce18ddd345 7481919bcce2c6f9 75acafd41e33b22d
        76aa557206fb36a3 777d902de68a3647 77b0f7f6295af2b3 77fa9340a68904b4 795694df57d56b0a 7966f6af6c63ab22
        7a2b82ab6973705d 7a5e48a1894870fc 7a80be25d24266a1 7b48cbf1ff3a0f60 7b6aab7cf5b404ee 7cb4befadb0b2bea
        7cdb14fc562a4e45 7d84ea16298c636c 7db2107abba04b4e 7de658ae7037f93c 7e2c1d379dc1262b 7e54119506013af1
        7e5f7e014734ecf1 7eaa1f5555c59544 7f99179b40136445 8000684ae7372621 80f28d942f549276 811acbb8096f0c0f
        81bae2a39f791115 825ced88aab0e144 826c7e6de37995de 840c215b62db2ad5 8421a3cc79c0b862 844d0fcd9abe69d6
        84a5ed029a21e810 84fc49b8509dad04 85dad6fea0f952ff 8625897bf7d779de 8649f8c81898ca15 866ba05d3c4a8dd6
        8675900036defee6 87d7f298d82a9de0 88e01d6079a7d05c 89209d2da0fc2495 892bf9b36538ef09 8938f37e9009e66e
        89b963c67f4e00da 89f923780f8453fa 8a2d8d46039880d1 8a71addc36f86e28 8be4b47cbefefd74 8be63c2eac0745d9
        8c2bf9eb10acea65 8cb72d87defe1a99 8cdaa974f3ea6de8 8d034af874c73b9e 8d889425bf402951 8e0e5766c0ceb140
        8fc9a5c7d0380ad8 9076883559a93540 914126358fd778fd 91ac8439984b8eca 92959737e8ccf9dc 92b07dc0c2786879
        9437d6156610d7bb 944664f8ae68ee85 95296ad97a531d35 956018c74facad4c 95911def11d62b71 9623106e2dabe067
        967b803553497a0f 967c546aa275639f 99636506c2373966 99d73f2f1d7b2375 9a869e2e88ca48a2 9b1c8c0561862527
        9c2d1c402ed1eca9 9cc53d8128790652 9d0e5b742897ca6b 9d1cc8641cfa3465 9d5cc2a093392fe9 9d75c60cc54ad814
        9d9a175332e00b89 9fded025b14904bf a0711dec43158007 a093ac6af49283ab a152f6b086093af4 a1c004afdd283e8a
        a203a909e3fe17e0 a21b203edb95b530 a28db2138ab58468 a387ade2adb872a3 a452729154b31987 a4f9923c2fe01ef6
        a52b6a597af1ac5a a539f13609943365 a542cb97a9ceea22 a67d5b8d4befee36 a7970606d7b83b29 a7dfcd17e54a9977
        a826491b04c30263 a9ca3e30c99f1fd0 aa6e956b80384de8 aabcd8b560f0c7f6 ac51b733b7550c57 ac564592ec284aa3
        acec4ef5ba7f1c0c ad8ccb7ab292f84a ad9ab90ff4a3b1d3 ae8525df2c402f91 aed5188c0896b572 aedb4aa3d81213e6
        aef54099bd779979 af5cbf4b69443085 af76e17a56a188b0 afc05510912db347 b0a52fc716038a98 b0d88c48e79b0d02
        b1ac2f21403f0909 b1b81ccb8d16ad35 b1ba4164f168d77a b2c1c7ad91cc8d68 b39c21c3cd6c44d8 b3d4f44448155d67
        b402133af0c2d2e2 b4d9562f309434c2 b51e89f98730bf4e b5738a803255b5b6 b62236a817fd0c89 b630c9debe906c45
        b7d897a4c619adae b8614d08d11efa5e b8c9a53b03ba8de3 b935adc25ff1afb6 b9d1ca6734910db5 ba4e89aacd5112ef
        ba58369674b59d32 bab1d88d39d7486e badaa22a74acec4d bafb89ae9d1c2f81 bda634af1e9e5877 be0ff1eb40b08e95
        bf1abd146f281aae bf1feba1ac32388c bf61b351099fd462 c053f67d0cdbf987 c07edc81bcf2e782 c0a59c418112bbe9
        c0e1dc783afb85b0 c0e740b470aa173b c1166839b59734f4 c126a538e3e837ee c1b0a0817ede34f7 c1bb7b58d6d6b57f
        c2185298ebcb70a4 c2c774a0711d8c43 c2f9a497930a0b13 c37c4016856a5378 c4aaf0be1a7414b4 c4ce676e1107e30e
        c4fef6dba4a0fc5e c620b84407be9a81 c6b44944e9ec936c c6c6c38134e47056 c704d737ec014160 c713b84f9eaf2e3c
        c7e35ff9bf514aec c91bb9db320612f4 ca11d26d06a42b84 caa48801bc1ee4bd cac96ced0544fc49 caf20a058eeaad5a
        cb1780f9b7a84e12 cc49214595757648 cf059ea0b7386477 cf95c7fe7fa43d33 cf960dab0e61be38 cff0b8fa85b8de5b
        d0a0dc84f562f6fd d213b95098d3ac91 d35791b791cb2a0b d4488bb8f9d86a7c d48580ee0cffeb7b d4eb7798e12e3075
        d6d9f6d375c6cb0b d6fe66c8238895d6 d71545c7c3e378ae d73d52915e4717db d745da47097164f0 da09d4a82e0a136e
        dadb22e490a4b282 db51f603990e19db dd30550bcde1bf5d dd5c08166a0c8573 dd8172c461d3ed60 ddd1e441883e4c05
        dde5235fc60bba33 dec637c093b7461b e05159cc89c440dd e07ed967f340484e e1af2cca40de0d36 e1b6cf28aee469a3
        e1bfe41af8c4c232 e33dc834eba713e4 e3af026789c7d934 e455b9fe0a68b6ca e4b96d9aff8b20a4 e4c929b7deb4a902
        e520e5f22ef4a9ed e569670066153507 e5fea4a4e3692ea4 e66a0de3f63c04c5 eac2c9751babc243 ef695179e03b1bd7
        f050e58fa0a6688e f0aa98f3bb37fd6d f0e902254e040649 f243970fae4a0529 f2f0bdf0baabcd70 f3121d7d1980b562
        f4a5e45e365d0e1c f4b95209218dbd12 f4f30872c7815356 f55dafa1f73ece91 f5c3132257243a2d f638258b811b708e
        f7fe680c9e69fde4 f819ac91a9dbfb48 f8af3bb27474f34a f9c9d9d88b702681 f9e3a2066780cbd0 fa7ba675de9993b2
        fb4be659020c8e58 fc8f69aba8ffe113 fcb30f46f8851df5 fd658c1b95fd2fcf
    """),
    **_reviewed("false", "term matched in another sense (hay fever 花粉症, transmission electron microscopy, "
                         "an airline named Airways)", """
        0964f7942117f566 62e425ee570614a8 7faf0da405b7caf5 8ff22153b2f9a568 d3449e73c9904c23 ee6609a504b431bd
        ff441c277fffa083
    """),
    **_reviewed("false", "keep-latin entry 'COVID 19' matched 'COVID-19' in the source; the target keeps COVID-19 "
                         "(hyphen)", """
        01df1ea65f1928b4 0297044561bf1aaf 063b8146f548cf7c 09f94ab33996d43b 0b7cd527d4eac6ed 129be2851f1146b0
        15a5ef5bc52805d0 163559f88f7daece 16e837dfd5bb04b7 1728d9229fca9f94 18652270cc93c094 19f22c7920db3494
        1cb51a3a5b261438 1ecfe5b66e7d5dc1 201efef8b7fb4a8b 24edf67823b7e284 26895345706fb038 274962120e769e4d
        29d593b43d53bb7a 2c151ac1edc0bafc 2fbd15d929eb3441 30bea1912ecf3c26 312cc0360515a6ef 3164082a90270420
        31a0c22a23132e51 3246d7f6fd650278 32a8065bebef6e5b 3869bfa5f7168b81 38bfc33afbdecc2e 3c127e282e0d47b8
        3f55d1c8708e10b5 41a98e06fba16cc5 444460c6fb65ef44 45b1f4b6bf5c6736 45c830ba5e50d140 491847334eb009d1
        4a914d1019e7fdaf 4bb6ce71960ba5e4 4ebc678cbc3c1995 4f384369c2929f76 51174a4ad27c73cb 55fbb696a942e345
        5b2ca3651be25f5e 5be4bddc6b7dcc6d 5c0391831a6c9620 5c350a6df25ce75d 605079b2690a5c10 61be180f4a34aa47
        61d34e0f1109df18 6357ff7f687caa25 63ac37287609f932 6733aab47bd9abcc 67a722fd65467572 683fcce2a647f817
        6a7cb677b7f00ec6 6a89e8fe154ee0d9 6b0fa47e41aed8f4 6c7b52785eaba00e 6d052183963a29a0 6d315f37da2092e1
        6ec6ce4458171a3e 7225147f3a0051fa 755a27341bc8a864 755ce522db0489fb 76ca90255289b545 7a44721198dc7d5a
        7a49956e9108bd4f 7e688dc180b596a3 7eb0b7e29f1c8825 806cb577d8294452 82915470dda91d1e 830409710ded70cc
        832bbee2fd25a575 85408eed45320dd6 8642206b151c3efe 87744ce8cc20cebd 8ddba219abe9eb53 8e05a8c97bdeefab
        8e55ffc1d1191201 8f252e328a22b7fe 8fdc0c286e76fe26 90e309e3225e7a81 92633b56e234afee 932f532c7db1f1c0
        9443aa96a7bc07a8 99831b001021b935 9a43cbc33f1a0eb8 9bb93e31b4ff7bf0 9bca9e99f7cce9a2 9f9ece6a201fcb20
        9fc0ccdf787c1ac2 a4597222030bd03e a960060b7880447f a9c57e7a44062aa3 aa1e64e74c73eb14 ac7c299c7afa4c42
        aef219227b50870c af3ce3a2898b72ae b3d2d15ef0411afc b553b677b351341f b5beb0233a8902cc b72613f0045baf5b
        b8267a1a808cc414 b8c7c4cfff7bfc33 c10e0080e58e5652 c3f12adc8b0351d6 c55476fbe8261bd0 cef4cae28364691d
        cf6d300d1145c5ea d38db9520a27d799 d394ce9ed8c6e6f7 d43903f50fdef884 d484d1868bd96e4e d7c0d0fb796ef8f4
        db6680ae108011b5 e501e7f206fd649b e78a4eef77e8166c e981b09b3cc00446 f11ec80025f03ed7 ff1b4d65df253636
    """),
    **_reviewed("false", "numbers rewritten as EN→ZH translators do (2010–11 = 2010-2011, 2019–20 = 2019-2020, "
                         "50 million = 5,000 多万, $300+ billion = 3,000 多亿, "
                         "14 and 22 million = 1,400 万至 2,200 万, number 1 = 头号)", """
        00007c993bb6031f 63bcaaeee2993ef6 a3b620485e3be6e4 a3c76bd7f1b38524 b23649400d0a3922 c3e5afd38ca90a6f
    """),
}

# Reviewed warning-level findings on TICO-19 dev (dev.tmx, presplit.jsonl and joined.jsonl, with
# the starter glossary and with TICO's terms), by fingerprint prefix as above. Every pair was read
# in both languages; "true" = a reviser would change the translation for the reason the finding
# gives (or, checking that reason, finds the defect it points at).
TICO_WARNINGS_REVIEWED: dict[str, tuple[str, str]] = merge_groups(
    reviewed_group("true", "the CDC (the US body) rendered 德国疾控中心 (the German CDC)", """
        49ddf013814a7a24 408e03c641bb2545
    """),
    reviewed_group("true", "NHL rendered 全美曲棍球联合会 (a field-hockey federation), not the ice-hockey league", """
        79647d247e2623fe
    """),
    reviewed_group("true", "'the EU has closed its outer borders' rendered 欧洲 (Europe), not 欧盟", """
        2743d2a83618e3e8
    """),
    reviewed_group("true", "\"WHO doesn't recommend…\" rendered 世界贸易组织 (the WTO): wrong body (also an error)", """
        c317a2f063f7c485
    """),
    reviewed_group("true", "'and the ensuing high demand for food products' dropped", """
        7f788c7861858e89
    """),
    reviewed_group("true", "'and the ensuing high demand for food products' dropped; the excerpt names the "
                   "neighbouring words ('high prevalence of COVID-19 cases' = COVID-19 非常严重), not the dropped "
                   "ones", """
        a6038b0c1806562e
    """),
    reviewed_group("true", "half-width ? or : in Chinese text", """
        3bc9ae84562595bf 56d67160486987e8 3d37155dcacd3796 599da88fe7a4f170
    """),
    reviewed_group("debatable", "UEFA dropped as Chinese usually does (欧洲冠军联赛), but 'UEFA Euro 2020' is "
                   "rendered 欧洲冠军联赛 (the Champions League), not 欧洲杯", """
        97148f5812f5c50b
    """),
    reviewed_group("debatable", "'close contact' within 1–2 m rendered 近距离接触: right for physical proximity, "
                   "but COVID texts (and other pairs here) use 密切接触; a terminology-strict reviser harmonises", """
        78156ce7b36c5163 ae078a58439f0f17 a8a0f8367051bd6a
    """),
    reviewed_group("debatable", "'test kits' rendered 检测工具 (test tools), vaguer than 检测试剂盒", """
        c4fde0a4b924f900
    """),
    reviewed_group("debatable", "'coronavirus disease' rendered 冠状病毒疾病: understandable, but not the official "
                   "name 冠状病毒病 TICO's terms give", """
        80061222e48de7f4 274276db0e360200 7dd1d85ef5af1175 e9fa13a8df519eb8 4779b1d011431b64
    """),
    reviewed_group("debatable", "'only individuals would be quarantined' rendered 隔离被感染的个人: 'infected' "
                   "added, a defensible explicitation", """
        4cf8540ae6b6dd95 fce4dbaf163bf9e2
    """),
    reviewed_group("false", "acronym rendered by its Chinese name (CFB Trenton = 特伦顿加军基地, HIV medications = "
                   "抗艾滋药物)", """
        4bccfe14cf144f4d 7bf0622f732ad69a 2fccbb8fb74da364
    """),
    reviewed_group("false", "COVID-19 rendered by its official Chinese name 新型冠状病毒肺炎", """
        31f1548beff2aafd
    """),
    reviewed_group("false", "polarity kept: a lexicalised negative word or idiom renders a positive source "
                   "(behind closed doors = 无观众, volatile = 不稳定, inaction = 无所作为, is all about = 脱不了干系, "
                   "emptied of = 不见踪影, profoundly affected = 均未能幸免, having trouble filling = 无法坐满, "
                   "spared from = 没有出现, still being determined = 尚未确定, outside the body = 未进入人体之前, "
                   "stay home = 不要外出)", """
        70eb18fdc8276f14 e8201b6816c3840f 43315071cc347e13 96b93de35c2c20eb 8fec8c530004874a ca673350c6e0a0bb
        2596bfff3457ca8a a9fc4920ca4df23d 65149fc82286ed34 c08eccac89118060 015dcf0f96d10b02 1b2216d22df8a015
        6ab4f76320db7af9 0828b4b92372bf4b
    """),
    reviewed_group("false", "the source's negation is rendered (none … = 均未…; 'not a substitute for' = 即使…也要; "
                   "'not to travel unnecessarily' = 取消所有不必要的出行) "
                   "or is expletive ('before … are not yet developed' = 在开发出…之前)", """
        818537219e0a7315 611ab25b9c2fd556 7405ab379ee34ae7 79c84b3a7de74ff5
    """),
    reviewed_group("false", "a glossary term that a faithful paraphrase brings in (cryo-EM = 冷冻电子显微镜, "
                   "'trended on Twitter' = 话题广泛传播, 'someone who may have the disease' = 疑似感染者)", """
        96ad329cce6ce146 a0cf6811afbc7dc9 222164dbcc68d898
    """),
    reviewed_group("false", "faithful short sentence with a low embedding similarity", """
        2dac81752ad995fb 32c436aba90969ac 89c20af4b270fc43
    """),
    reviewed_group("false", "nothing dropped: the words are rendered compactly or restructured (review attempts to "
                   "summarize = 本文旨在总结, alpha = α, half a million = 50 万, …)", """
        dd5475f77f58b63c e2843da2a6e61f04 fb4223c8aacd1378 43042ca963f5ae64 560b76c6806ac90f e7f76addfff2d59e
        e45b1a98a8e70fae ea110f30e0f6fbd0 8e8621fc63c70765 266f4742c32bd537 005af164715c0ead feb47eafb96a1d87
        0d86b19c2eac3392
    """),
    reviewed_group("false", "paragraph input: the clause is translated in the neighbouring Chinese sentence, "
                   "which the aligner paired with the previous source (个人防护设备短缺)", """
        8f101cc0a83c7413 e1f5565085904566
    """),
    reviewed_group("false",
                   _SYNONYM + "; here 气促 for shortness of breath, 病原体 for causative agent, 家庭聚集性发病, "
                   "眼部防护, 隔离场所, 大规模人群聚集, 免疫力低下者, 医疗条件, 关闭国际边境通道, 死亡数", """
        4f95b518537f1b5b cdb234a1eff2cd7d 282534861936be8b 3fa4bcf07db43887 d7ac7f49c9fea099 a9cb8fe5d99f90ab
        9c436f705b891a74 121d99c515c96ed2 32e4115e3e056c6e 95df055347763b6f 2c92f5d85c3e5be6 00cca365541dbc3a
        8248c9f865903848 c19e1697b1e14843 a9c49cac9744d2dc 1bec9484721e8813 f6f12676b9cb3fae bea9c214f195ab66
        7d201c56eeb44432 6de4511f6c44ebdc 9fc8961854b3cdcd 05d60d2e14dc4f7b 36390375dd52527a 6b60a574a6ebbd20
    """),
    reviewed_group("false", "the other concept's term is right here (体液 in 体液免疫 = humoral immunity, "
                   "呼吸困难 = dyspnea, 致死率 = lethality, 潜伏期 = time from exposure to onset, 病死率 = "
                   "death-to-case ratio, 封锁 = quarantine an area / blocked)", """
        c3eb8b60abcf1d97 9d0034737c6b054b 879cfbaf725db3e4 a83082bed67100fd 89d8eaa8d190c9e4 769bf184847fdeb5
        4e6956327458399f 50f09f6e7a9de211 5aac500abd793116
    """),
)


def verdict(fingerprint: str, severity: str = "error") -> tuple[str, str]:
    """(verdict, reason) of a reviewed error- or warning-level finding, ("unreviewed", "") otherwise."""
    if severity == "error":
        return NEJM_REVIEWED.get(fingerprint) or TICO_REVIEWED.get(fingerprint[:16]) or ("unreviewed", "")
    if severity == "warning":
        prefix = fingerprint[:16]
        return NEJM_WARNINGS_REVIEWED.get(prefix) or TICO_WARNINGS_REVIEWED.get(prefix) or ("unreviewed", "")
    return "", ""


@dataclass(frozen=True)
class Case:
    name: str
    glossary_name: str
    glossary: Path
    corpus: Path | None  # None: the NEJM TMX written at run time


def cases() -> list[Case]:
    out = []
    for name, corpus in (("TICO dev.tmx", TICO_TMX), ("TICO presplit.jsonl", TICO_PRESPLIT),
                         ("TICO joined.jsonl", TICO_JOINED)):
        out.append(Case(name, "starter", STARTER_GLOSSARY, corpus))
        out.append(Case(name, "TICO terms", TICO_TERMS, corpus))
    out.append(Case("ParaMed-NEJM gold (TMX)", "starter", STARTER_GLOSSARY, None))
    return out


def measure(case: Case, corpus: Path, findings_out) -> dict:
    started = time.perf_counter()
    documents = run(corpus, case.glossary)
    seconds = time.perf_counter() - started
    pairs = sum(len(d.pairs) for d in documents)
    hits = [h for d in documents for h in d.findings]
    errors = [h for h in hits if h.severity == "error"]
    warnings = [h for h in hits if h.severity == "warning"]
    verdicts = Counter(verdict(h.fingerprint)[0] for h in errors)
    warning_verdicts = Counter(verdict(h.fingerprint, "warning")[0] for h in warnings)
    warning_verdicts_by_check: dict[str, Counter] = {}
    for h in warnings:
        warning_verdicts_by_check.setdefault(h.check, Counter())[verdict(h.fingerprint, "warning")[0]] += 1
    for h in hits:
        judged, reason = verdict(h.fingerprint, h.severity)
        findings_out.write(tsv_row([case.name, case.glossary_name, judged, h.severity, h.check, h.document,
                                    list(h.src_ids), list(h.tgt_ids), h.message, h.fingerprint, h.src, h.tgt, reason]))
    return {"input": case.name, "glossary": case.glossary_name, "documents": len(documents), "pairs": pairs,
            "errors": len(errors), "warnings": len(warnings), "verdicts": dict(verdicts),
            "warning_verdicts": dict(warning_verdicts),
            "errors_by_check": Counter(h.check for h in errors).most_common(),
            "warnings_by_check": Counter(h.check for h in warnings).most_common(),
            "warning_verdicts_by_check": warning_verdicts_by_check,
            "seconds": seconds}


def per100(n: int, pairs: int) -> str:
    return f"{100 * n / pairs:.2f}" if pairs else "-"


def reviewed_counts(verdicts: dict) -> str:
    """true / debatable / false / unreviewed."""
    return " / ".join(str(verdicts.get(k, 0)) for k in ("true", "debatable", "false", "unreviewed"))


def false_per100(verdicts: dict, pairs: int) -> str:
    """False findings per 100 pairs, and in brackets with the debatable ones counted as false."""
    false, debatable = verdicts.get("false", 0), verdicts.get("debatable", 0)
    return f"{per100(false, pairs)} ({per100(false + debatable, pairs)})"


def show(row: dict) -> None:
    v, w, pairs = row["verdicts"], row["warning_verdicts"], row["pairs"]
    print(f"{row['input']} × {row['glossary']}: {pairs} pairs  [{row['seconds']:.1f} s]\n"
          f"   errors {row['errors']} ({per100(row['errors'], pairs)}/100), reviewed true / debatable / false / "
          f"unreviewed {reviewed_counts(v)}, false errors / 100 (with debatable) {false_per100(v, pairs)}\n"
          f"   warnings {row['warnings']} ({per100(row['warnings'], pairs)}/100), reviewed true / debatable / false / "
          f"unreviewed {reviewed_counts(w)}, false warnings / 100 (with debatable) {false_per100(w, pairs)}",
          flush=True)
    print("   errors:   " + ", ".join(f"{c} {n}" for c, n in row["errors_by_check"]))
    print("   warnings (true / debatable / false / unreviewed): " + ", ".join(
        f"{c} {n} ({reviewed_counts(row['warning_verdicts_by_check'][c])})" for c, n in row["warnings_by_check"]),
        flush=True)


def record(rows: list[dict], command: str) -> None:
    table = ("| input | glossary | pairs | errors / 100 | errors reviewed: true / debatable / false / unreviewed "
             "| false errors / 100 (with debatable) | warnings / 100 | warnings reviewed: true / debatable / false "
             "/ unreviewed | false warnings / 100 (with debatable) |\n|---|---|---|---|---|---|---|---|---|\n")
    for r in rows:
        v, w, pairs = r["verdicts"], r["warning_verdicts"], r["pairs"]
        table += (f"| {r['input']} | {r['glossary']} | {pairs} | {per100(r['errors'], pairs)} ({r['errors']}) | "
                  f"{reviewed_counts(v)} | {false_per100(v, pairs)} | "
                  f"{per100(r['warnings'], pairs)} ({r['warnings']}) | "
                  f"{reviewed_counts(w)} | {false_per100(w, pairs)} |\n")
    by_check = "".join(
        f"- {r['input']} × {r['glossary']}: errors "
        + (", ".join(f"`{c}` {n}" for c, n in r["errors_by_check"]) or "none")
        + "; warnings " + (", ".join(f"`{c}` {n} ({reviewed_counts(r['warning_verdicts_by_check'][c])})"
                                     for c, n in r["warnings_by_check"]) or "none") + "\n"
        for r in rows)
    section = (f"{BEGIN}\n## QA false alarms on real professional translations\n\n"
               f"Command: `{command}` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, default model, "
               "bitext.qa.pipeline.run_qa as `bitext qa` runs it, every registered check). TICO-19 dev "
               "(professionally translated and edited COVID-19 texts) as pre-aligned TMX, as sentence lists "
               "aligned by the tool, and as paragraphs segmented and aligned by the tool; ParaMed-NEJM gold "
               "pairs as TMX. Error- and warning-level findings are reviewed by hand in the script (by "
               "fingerprint: true = a real defect of the translation, false = the check is wrong); "
               "issue 10's targets: at most 0.5 error-level findings per 100 pairs with the starter glossary, "
               "3 with a broad terminology such as TICO's, 3 warnings per 100 pairs.\n\n"
               f"{table}\nFindings by check (warnings with their verdicts: true / debatable / false / "
               f"unreviewed):\n\n{by_check}{END}")
    replace_section(BEGIN, END, section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--findings", type=Path, default=cache_dir() / "qa-real-findings.tsv",
                        help="TSV of every finding with its pair's text (default: %(default)s)")
    parser.add_argument("--only", help="run only the inputs whose name contains this text (e.g. NEJM, joined)")
    parser.add_argument("--no-record", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    require_data()
    chosen = [c for c in cases() if not args.only or args.only.lower() in f"{c.name} {c.glossary_name}".lower()]
    rows = []
    args.findings.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bitext-qa-real-") as tmp, args.findings.open("w", encoding="utf-8") as out:
        out.write(tsv_row(["input", "glossary", "verdict", "severity", "check", "document", "src_ids", "tgt_ids",
                           "message", "fingerprint", "source", "target", "reason"]))
        nejm = None
        for case in chosen:
            corpus = case.corpus
            if corpus is None:
                nejm = nejm or write_nejm_tmx(Path(tmp) / "paramed-nejm.tmx")
                corpus = nejm
            rows.append(measure(case, corpus, out))
            show(rows[-1])
    print(f"every finding is listed in {args.findings}")
    if not args.no_record and not args.only:
        record(rows, command_line("qa_real.py", ("--findings",)))


if __name__ == "__main__":
    main()
