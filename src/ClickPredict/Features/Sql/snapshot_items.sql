SELECT i.item_id, h.item_views AS views, h.item_purchases AS purchases
FROM cut_history h
JOIN items i USING (ino)
WHERE h.sid IS NULL AND h.item_views + h.item_purchases > 0
ORDER BY i.item_id
