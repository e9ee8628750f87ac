"""The course's lessons that the grader's messages cite, with their Chinese titles as the course
names them. A message cites a lesson with `cite(key)` (or `cite(key, "view/reshape")` to name a
part of it); English messages keep the Chinese title, so a student can find the video.

The numbers are those of the course's videos that docs/curriculum.md uses; lessons the kit's
topics cover without a fixed number are cited by title alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.i18n import Msg


@dataclass(frozen=True)
class Lesson:
    numbers: str  # "20", "34–40", or "" where the kit cites the lesson by title alone
    title: str  # the course's own title, Chinese (some are English in the course too)
    english: str = ""  # a gloss for English readers, where the title is not already English


LESSONS = {
    "regression": Lesson("4–6", "简单回归问题 / 回归问题实战", "Linear regression"),
    "dtypes": Lesson("14–17", "张量数据类型 / 创建Tensor", "Tensor types and creation"),
    "dtypes_only": Lesson("", "张量数据类型", "Tensor types"),
    "indexing": Lesson("18–19", "索引与切片", "Indexing and slicing"),
    "view": Lesson("20", "维度变换", "Changing dimensions"),
    "squeeze": Lesson("21", "维度变换", "Changing dimensions"),
    "expand": Lesson("22", "维度变换", "Changing dimensions"),
    "permute": Lesson("23", "维度变换", "Changing dimensions"),
    "dims": Lesson("20–23", "维度变换", "Changing dimensions"),
    "broadcast": Lesson("24–26", "Broadcast 自动扩展", "Broadcasting"),
    "merge_split": Lesson("27–28", "合并与分割", "Merging and splitting"),
    "math": Lesson("29–30", "数学运算", "Math operations"),
    "stats": Lesson("31–32", "属性统计", "Statistics"),
    "where_gather": Lesson("33", "高阶操作 where / gather", "where and gather"),
    "gradients": Lesson("34–40", "梯度", "Gradients"),
    "activation_gradients": Lesson("34–40", "激活函数及其梯度", "Activations and their gradients"),
    "loss_gradients": Lesson("34–40", "Loss及其梯度", "Losses and their gradients"),
    "perceptron": Lesson("41", "感知器的梯度推导", "Perceptron gradients"),
    "multi_perceptron": Lesson(
        "42", "多输出感知器的梯度", "Gradients of a multi-output perceptron"
    ),
    "chain_rule": Lesson("44", "链式法则", "The chain rule"),
    "activation_gradient": Lesson("36", "激活函数的梯度", "Gradients of activations"),
    "backprop": Lesson("41–45", "反向传播", "Backpropagation"),
    "optimization": Lesson("46", "优化问题实战", "Optimization in practice"),
    "momentum": Lesson("", "动量与学习率衰减", "Momentum and learning-rate decay"),
    "logistic": Lesson("47–49", "Logistic Regression / 交叉熵", "Cross entropy"),
    "multiclass": Lesson("", "多分类问题实战", "Multi-class classification in practice"),
    "linear_layers": Lesson("", "全连接层", "Fully connected layers"),
    "gpu": Lesson("", "GPU加速", "GPU acceleration"),
    "mnist_test": Lesson("", "MNIST测试实战", "Testing on MNIST"),
    "cross_validation": Lesson("", "交叉验证", "Cross-validation"),
    "regularization": Lesson("", "Regularization / 正则化"),
    "early_stopping": Lesson("", "Early stopping"),
    "dropout": Lesson("", "Dropout"),
    "conv": Lesson("", "卷积", "Convolution"),
    "pooling": Lesson("", "池化层与采样", "Pooling and sampling"),
    "batch_norm": Lesson("", "Batch Norm"),
    "classic_cnns": Lesson("", "经典卷积网络", "Classic CNNs"),
    "resnet": Lesson("", "ResNet与DenseNet", "ResNet and DenseNet"),
    "module": Lesson("", "nn.Module模块", "nn.Module"),
    "augmentation": Lesson("44", "数据增强", "Data augmentation"),
    "rnn": Lesson("47", "RNN原理", "How an RNN works"),
    "rnn_layer": Lesson("48", "RNN Layer使用", "Using the RNN layer"),
    "time_series": Lesson("49", "时间序列预测", "Time-series prediction"),
    "rnn_training": Lesson("50", "RNN训练难题", "Why RNNs are hard to train"),
    "lstm": Lesson("51", "LSTM原理", "How an LSTM works"),
    "lstm_layer": Lesson("52", "LSTM Layer使用", "Using the LSTM layer"),
    "sentiment": Lesson("53", "情感分类实战", "Sentiment classification in practice"),
    "autoencoder": Lesson("54", "AutoEncoder自编码器", "Auto-encoders"),
    "vae": Lesson("55", "VAE实战", "VAEs in practice"),
    "gan": Lesson("56", "GAN原理", "How a GAN works"),
    "wgan_gp": Lesson("57", "WGAN-GP实战", "WGAN-GP in practice"),
    "dataset": Lesson("58–63", "自定义数据集实战", "A custom data set in practice"),
    "transfer": Lesson("58–63", "迁移学习", "Transfer learning"),
}


def name(key: str) -> Msg:
    """The lesson `key` by name: "Lesson 20 维度变换 / Changing dimensions", "第20课「维度变换」"."""
    lesson = LESSONS[key]
    en_title = lesson.title + (f" / {lesson.english}" if lesson.english else "")
    if lesson.numbers:
        plural = "s" if "–" in lesson.numbers else ""
        en, zh = (
            f"Lesson{plural} {lesson.numbers} {en_title}",
            f"第{lesson.numbers}课「{lesson.title}」",
        )
        return Msg(en, zh)
    return Msg(f"Lesson {en_title}", f"「{lesson.title}」一课")


def cite(key: str, part: str = "", part_zh: str = "") -> Msg:
    """The lesson `key` as a message cites it: "(Lesson 20 维度变换 / Changing dimensions:
    view/reshape)" and "（第20课「维度变换」：view/reshape）". `part` names a part of the lesson
    (code, or English with its Chinese in `part_zh`)."""
    lesson = name(key)
    en, zh = lesson.en, lesson.zh
    if part:
        en += f": {part}"
        zh += f"：{part_zh or part}"
    return Msg(f"({en})", f"（{zh}）")


def titles() -> list[str]:
    """The Chinese titles an English message may carry, longest first (each segment of a title
    with ' / ' in it counts too)."""
    found = set()
    for lesson in LESSONS.values():
        for text in (lesson.title, lesson.english):
            found.add(text)
            found.update(part.strip() for part in text.split(" / "))
    return sorted((t for t in found if t), key=len, reverse=True)
