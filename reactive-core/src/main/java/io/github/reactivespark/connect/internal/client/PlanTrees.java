package io.github.reactivespark.connect.internal.client;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.Relation;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finding and replacing relations in a plan or command before it is sent (the placeholders of
 * {@link NumericAggregates}, the inline data of {@link LocalRelations}): a walk over every message field of the
 * protobuf tree, expressions excepted (they never hold the relations looked for), that stops at a match.
 */
final class PlanTrees {

  private PlanTrees() {}

  /**
   * Adds the outermost relations of {@code m} that match to {@code found}, by plan id (the first one of an id wins).
   *
   * @param m a plan, command or relation
   * @param matches which relations to find
   * @param found receives them
   */
  static void collect(Message m, Predicate<Relation> matches, Map<Long, Relation> found) {
    if (m instanceof Relation r && matches.test(r)) {
      found.putIfAbsent(r.getCommon().getPlanId(), r);
      return;
    }
    for (Map.Entry<FieldDescriptor, Object> f : m.getAllFields().entrySet()) {
      if (!walked(f.getKey())) {
        continue;
      }
      if (f.getKey().isRepeated()) {
        for (Object o : (List<?>) f.getValue()) {
          collect((Message) o, matches, found);
        }
      } else {
        collect((Message) f.getValue(), matches, found);
      }
    }
  }

  /**
   * {@code m} with each outermost matching relation replaced by the one of its plan id in {@code byId} (kept when
   * absent); {@code m} itself when nothing changed.
   *
   * @param m a plan, command or relation
   * @param matches which relations to replace
   * @param byId the replacements, by plan id
   * @return the new message
   */
  static Message replace(Message m, Predicate<Relation> matches, Map<Long, Relation> byId) {
    if (m instanceof Relation r && matches.test(r)) {
      return byId.getOrDefault(r.getCommon().getPlanId(), r);
    }
    Message.Builder b = null;
    for (Map.Entry<FieldDescriptor, Object> f : m.getAllFields().entrySet()) {
      FieldDescriptor fd = f.getKey();
      if (!walked(fd)) {
        continue;
      }
      if (fd.isRepeated()) {
        List<?> list = (List<?>) f.getValue();
        for (int i = 0; i < list.size(); i++) {
          Message child = (Message) list.get(i);
          Message now = replace(child, matches, byId);
          if (now != child) {
            b = b == null ? m.toBuilder() : b;
            b.setRepeatedField(fd, i, now);
          }
        }
      } else {
        Message child = (Message) f.getValue();
        Message now = replace(child, matches, byId);
        if (now != child) {
          b = b == null ? m.toBuilder() : b;
          b.setField(fd, now);
        }
      }
    }
    return b == null ? m : b.build();
  }

  private static boolean walked(FieldDescriptor f) {
    return f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isMapField()
        && f.getMessageType() != Expression.getDescriptor();
  }
}
